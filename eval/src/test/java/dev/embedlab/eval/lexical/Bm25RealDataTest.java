package dev.embedlab.eval.lexical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.testing.SharedData;
import dev.embedlab.data.BeirDatasets;
import dev.embedlab.data.Qrels;
import dev.embedlab.data.Query;
import dev.embedlab.data.RetrievalDataset;
import dev.embedlab.data.Run;
import dev.embedlab.data.SquadDatasets;
import dev.embedlab.eval.metrics.EvaluationResult;
import dev.embedlab.eval.metrics.Measure;
import dev.embedlab.eval.metrics.RankingEvaluator;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BM25 on the shared real data sets (skipped when ../shared is absent); a few seconds each. */
class Bm25RealDataTest {

  @Test
  void sciFactEnglishBm25IsInThePublishedRange() throws Exception {
    RetrievalDataset ds = BeirDatasets.load(SharedData.require("data/scifact"), "test");
    try (Bm25Index idx = Bm25Index.builder().analyzer(LexicalAnalyzer.ENGLISH).k1(0.9f).b(0.4f)
        .build(ds.corpus())) {
      Run run = idx.search(ds.queries(), 100);
      assertEquals(300, run.queryIds().size());
      EvaluationResult r = RankingEvaluator.of(Measure.ndcg(10)).evaluate(ds.qrels(), run);
      double ndcg = r.mean(Measure.ndcg(10));
      // BEIR paper (Elasticsearch BM25): 0.665; Pyserini BM25 flat (Lucene, k1=0.9, b=0.4): 0.679
      assertTrue(ndcg > 0.64 && ndcg < 0.70, "SciFact BM25 nDCG@10=" + ndcg);
    }
  }

  /**
   * Anserini's regression files pin BM25 on BEIR SciFact (castorini/anserini,
   * src/main/resources/regression/beir-v1.0.0-scifact.flat.yaml and .multifield.yaml, commit
   * af6fb20): index statistics and trec_eval scores at four decimals. The same analyser, parameters,
   * fields and {@code -removeQuery} must give the same numbers here.
   */
  @Test
  void sciFactBm25EqualsAnserinisRegressionFiles() throws Exception {
    RetrievalDataset ds = BeirDatasets.load(SharedData.require("data/scifact"), "test");
    RankingEvaluator ev = RankingEvaluator.of(Measure.ndcg(10), Measure.recall(100), Measure.recall(1000));
    try (Bm25Index flat = Bm25Index.anseriniBeir(Bm25Index.Fields.FLAT).build(ds.corpus())) {
      assertEquals(new Bm25Index.IndexStats(5183, 5183, 838128), flat.stats());
      EvaluationResult r = ev.evaluate(ds.qrels(), flat.search(ds.queries(), 1000));
      assertEquals(0.6789, round4(r.mean(Measure.ndcg(10))), "flat nDCG@10");
      assertEquals(0.9253, round4(r.mean(Measure.recall(100))), "flat R@100");
      assertEquals(0.9767, round4(r.mean(Measure.recall(1000))), "flat R@1000");
    }
    try (Bm25Index multi = Bm25Index.anseriniBeir(Bm25Index.Fields.MULTIFIELD).build(ds.corpus())) {
      assertEquals(784591, multi.stats().totalTerms(), "multifield total terms (text field)");
      EvaluationResult r = ev.evaluate(ds.qrels(), multi.search(ds.queries(), 1000));
      assertEquals(0.6647, round4(r.mean(Measure.ndcg(10))), "multifield nDCG@10");
      assertEquals(0.9076, round4(r.mean(Measure.recall(100))), "multifield R@100");
      assertEquals(0.9800, round4(r.mean(Measure.recall(1000))), "multifield R@1000");
    }
  }

  private static double round4(double v) {
    return Math.round(v * 1e4) / 1e4;
  }

  @Test
  void korQuadNoriBeatsTheStandardAnalyser() throws Exception {
    RetrievalDataset ds = SquadDatasets.load(SharedData.require("data/korquad1/KorQuAD_v1.0_dev.json"));
    // the first 1,000 questions keep the test to seconds on a busy 2-core machine
    List<Query> qs = ds.queries().subList(0, 1000);
    Qrels qrels = ds.qrels().restrictTo(
        new HashSet<>(qs.stream().map(Query::id).toList()));
    RankingEvaluator ev = RankingEvaluator.of(Measure.ndcg(10));
    double nori;
    double standard;
    try (Bm25Index idx = Bm25Index.builder().analyzer(LexicalAnalyzer.KOREAN).build(ds.corpus())) {
      nori = ev.evaluate(qrels, idx.search(qs, 10)).mean(Measure.ndcg(10));
    }
    try (Bm25Index idx = Bm25Index.builder().analyzer(LexicalAnalyzer.STANDARD).build(ds.corpus())) {
      standard = ev.evaluate(qrels, idx.search(qs, 10)).mean(Measure.ndcg(10));
    }
    // Korean attaches particles to words; whitespace/Unicode tokens miss most matches Nori finds
    assertTrue(nori > standard + 0.05, "nori=" + nori + " standard=" + standard);
    assertTrue(nori > 0.7, "KorQuAD BM25 (Nori) nDCG@10=" + nori);
  }
}

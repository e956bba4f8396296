package dev.embedlab.staticemb.ko;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.data.Document;
import dev.embedlab.data.Query;
import dev.embedlab.data.RetrievalDataset;
import dev.embedlab.data.Run;
import dev.embedlab.eval.fusion.RankFusion;
import dev.embedlab.eval.fusion.ScoreNormalization;
import dev.embedlab.eval.lexical.Bm25Index;
import dev.embedlab.eval.lexical.LexicalAnalyzer;
import dev.embedlab.eval.metrics.EvaluationResult;
import dev.embedlab.eval.metrics.Measure;
import dev.embedlab.eval.metrics.RankingEvaluator;
import dev.embedlab.eval.search.ExactSearch;
import dev.embedlab.eval.stats.ConfidenceInterval;
import dev.embedlab.eval.stats.PairedComparison;
import dev.embedlab.staticemb.StaticEmbedder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Real data: Nori BM25 alone against BM25 fused with the shipped ko-static on the KorQuAD articles
 * held out from training. The held-out questions are split in two (even / odd position). On the first
 * half the fusion weight is chosen, and fusion is kept only when its gain over BM25 there is
 * significant (95% paired bootstrap interval above 0); otherwise the choice is BM25 alone. On the
 * second half the choice must never score below BM25, and both are reported with the interval of
 * their difference. Skips without the shared data.
 */
class KoStaticFusionRealDataTest {
  private static final Measure NDCG10 = Measure.ndcg(10);

  @Test
  void fusionWithNoriBm25IsNeverWorseThanBm25OnHeldOutQuestions() throws Exception {
    Path data = Path.of(System.getProperty("embedlab.shared", "../../shared")).resolve("data");
    Assumptions.assumeTrue(Files.isDirectory(data.resolve("korquad1")), data + " absent; skipping");
    RetrievalDataset heldOut = KoStaticRecipe.korquad(data).heldOut();
    List<Query> tune = new ArrayList<>();
    List<Query> test = new ArrayList<>();
    for (int i = 0; i < heldOut.queries().size(); i++) {
      (i % 2 == 0 ? tune : test).add(heldOut.queries().get(i));
    }
    List<Document> docs = heldOut.corpus();
    Run bm25;
    try (Bm25Index index = Bm25Index.builder().analyzer(LexicalAnalyzer.KOREAN).build(docs)) {
      bm25 = index.search(heldOut.queries(), 100);
    }
    Run dense;
    try (StaticEmbedder e = KoStatic.open()) {
      float[][] dv = e.embed(docs.stream().map(Document::titleAndText).toList());
      float[][] qv = e.embed(heldOut.queries().stream().map(Query::text).toList(), dev.embedlab.core.Embedder.Role.QUERY);
      dense = Run.of(ExactSearch.builder().k(100).build().search(qv,
          heldOut.queries().stream().map(Query::id).toArray(String[]::new), dv,
          docs.stream().map(Document::id).toArray(String[]::new)));
    }
    double bestW = 0;
    double bestTune = score(heldOut, bm25, tune);
    // Weights 0.02, 0.04, ..., 1.0 on the static model.
    for (int k = 1; k <= 50; k++) {
      double w = k / 50.0;
      Run fused = RankFusion.weighted(ScoreNormalization.MIN_MAX).weights(1 - w, w).depth(100).build().fuse(bm25, dense);
      double s = score(heldOut, fused, tune);
      if (s > bestTune) {
        bestTune = s;
        bestW = w;
      }
    }
    Run bestFused = RankFusion.weighted(ScoreNormalization.MIN_MAX).weights(1 - bestW, bestW).depth(100).build()
        .fuse(bm25, dense);
    // Fusion is chosen only where the first half shows a real gain; a weight that won by noise stays out.
    ConfidenceInterval tuneCi = PairedComparison.of(evaluate(heldOut, bestFused, tune), evaluate(heldOut, bm25, tune),
        NDCG10).bootstrapCi(0.95, 10_000, 42);
    boolean fuse = bestW > 0 && tuneCi.lower() > 0;
    Run chosen = fuse ? bestFused : bm25;
    Run rrf = RankFusion.rrf().depth(100).build().fuse(bm25, dense);
    double bm25Test = score(heldOut, bm25, test);
    double fusedTest = score(heldOut, bestFused, test);
    double chosenTest = score(heldOut, chosen, test);
    // Paired over the second half's questions: best-weight fusion minus BM25, 95% percentile bootstrap.
    PairedComparison c = PairedComparison.of(evaluate(heldOut, bestFused, test), evaluate(heldOut, bm25, test),
        NDCG10);
    ConfidenceInterval ci = c.bootstrapCi(0.95, 10_000, 42);
    System.out.printf("KorQuAD held-out, second half (%d questions): BM25 (Nori) %.4f, ko-static %.4f, RRF %.4f,"
        + " min-max fusion w=%.2f (best on the first half: %.4f there, gain CI [%+.4f, %+.4f]) %.4f, fusion - BM25"
        + " %+.4f, 95%% CI [%+.4f, %+.4f], p %.3f; chosen: %s = %.4f%n", test.size(), bm25Test,
        score(heldOut, dense, test), score(heldOut, rrf, test), bestW, bestTune, tuneCi.lower(), tuneCi.upper(),
        fusedTest, c.meanDifference(), ci.lower(), ci.upper(), c.permutationPValue(10_000, 42),
        fuse ? "fusion" : "BM25 alone (no significant gain on the first half)", chosenTest);
    assertTrue(chosenTest >= bm25Test - 1e-9, "the chosen run " + chosenTest + " < BM25 " + bm25Test
        + " (fusion w=" + bestW + ", first-half gain interval " + tuneCi + ")");
  }

  private static double score(RetrievalDataset d, Run run, List<Query> queries) {
    return evaluate(d, run, queries).mean(NDCG10);
  }

  private static EvaluationResult evaluate(RetrievalDataset d, Run run, List<Query> queries) {
    Set<String> ids = new HashSet<>();
    queries.forEach(q -> ids.add(q.id()));
    return RankingEvaluator.of(NDCG10).evaluate(d.qrels().restrictTo(ids), run);
  }
}

package dev.embedlab.examples;

import dev.embedlab.eval.data.BeirDatasets;
import dev.embedlab.eval.data.Query;
import dev.embedlab.eval.data.RetrievalDataset;
import dev.embedlab.eval.data.Run;
import dev.embedlab.eval.data.SquadDatasets;
import dev.embedlab.eval.fusion.RankFusion;
import dev.embedlab.eval.fusion.ScoreNormalization;
import dev.embedlab.eval.lexical.Bm25Index;
import dev.embedlab.eval.lexical.LexicalAnalyzer;
import dev.embedlab.eval.metrics.EvaluationResult;
import dev.embedlab.eval.metrics.Measure;
import dev.embedlab.eval.metrics.RankingEvaluator;
import dev.embedlab.models.CachingEmbedder;
import dev.embedlab.models.KnownModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * BM25, dense and fused retrieval on one data set: BEIR SciFact test with Lucene's English analyser,
 * or KorQuAD 1.0 dev as retrieval (question → its paragraph) with Lucene's Korean analyser (Nori).
 * Fusions: reciprocal rank fusion (k = 60) and weighted sums of min-max / z-score normalised scores,
 * each over the top 100 of both runs. Prints nDCG@10, Recall@10, Recall@100 and paired comparisons.
 *
 * <pre>
 *   java -cp ... dev.embedlab.examples.HybridSearch dataset=scifact \
 *       [model=BGE_SMALL_EN_V15_Q] [k1=0.9] [b=0.4] [shared=../shared] [cache=~/.cache/embedlab/embeddings]
 *   java -cp ... dev.embedlab.examples.HybridSearch dataset=korquad \
 *       [model=ALL_MINILM_L6_V2_Q] [queries=5774]
 * </pre>
 * The shipped models have English vocabularies (MODELS.md): on Korean they see jamo pieces, so the
 * KorQuAD dense number measures how little they get, and whether fusion still helps BM25.
 */
public final class HybridSearch {
  private HybridSearch() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> opt = LeverSupport.options(args);
    String dataset = opt.getOrDefault("dataset", "scifact");
    boolean korean = dataset.equals("korquad");
    RetrievalDataset ds;
    if (korean) {
      Path file = LeverSupport.data(opt).resolve("korquad1").resolve("KorQuAD_v1.0_dev.json");
      if (!Files.isRegularFile(file)) {
        System.out.println("KorQuAD not found at " + file.toAbsolutePath() + "; pass shared=<folder with data/korquad1>");
        return;
      }
      ds = SquadDatasets.load(file, "korquad1-dev", "CC BY-ND 2.0 KR");
    } else if (dataset.equals("scifact")) {
      Path folder = LeverSupport.data(opt).resolve("scifact");
      if (!Files.isDirectory(folder)) {
        System.out.println("SciFact not found at " + folder.toAbsolutePath() + "; pass shared=<folder with data/scifact>");
        return;
      }
      ds = BeirDatasets.load(folder, "test");
    } else {
      throw new IllegalArgumentException("dataset must be scifact or korquad; dataset=" + dataset);
    }
    List<Query> queries = ds.queries();
    int nq = Integer.parseInt(opt.getOrDefault("queries", Integer.toString(queries.size())));
    if (nq < queries.size()) {
      queries = queries.subList(0, nq); // the first n questions in file order
    }
    KnownModel model = KnownModel.valueOf(opt.getOrDefault("model",
        korean ? "ALL_MINILM_L6_V2_Q" : "BGE_SMALL_EN_V15_Q"));
    float k1 = Float.parseFloat(opt.getOrDefault("k1", "0.9"));
    float b = Float.parseFloat(opt.getOrDefault("b", "0.4"));
    LexicalAnalyzer analyzer = korean ? LexicalAnalyzer.KOREAN : LexicalAnalyzer.ENGLISH;
    System.out.println("machine: " + LeverSupport.machine());
    System.out.println("data: " + ds + "; evaluated queries: " + queries.size());
    var qrels = ds.qrels().restrictTo(new java.util.HashSet<>(queries.stream().map(Query::id).toList()));
    RankingEvaluator ev = RankingEvaluator.of(Measure.ndcg(10), Measure.recall(10), Measure.recall(100));

    List<String> names = new ArrayList<>();
    List<EvaluationResult> results = new ArrayList<>();
    Run bm25;
    long t0 = System.nanoTime();
    try (Bm25Index idx = Bm25Index.builder().analyzer(analyzer).k1(k1).b(b).build(ds.corpus())) {
      long t1 = System.nanoTime();
      bm25 = idx.search(queries, 100);
      System.out.printf("%s: indexed %d docs in %.1f s, searched %d queries in %.1f s%n", idx.id(),
          idx.size(), (t1 - t0) / 1e9, queries.size(), (System.nanoTime() - t1) / 1e9);
      names.add(idx.id());
      results.add(ev.evaluate(qrels, bm25));
    }
    // Reference points: Lucene's default parameters, and the plain standard analyser.
    try (Bm25Index idx = Bm25Index.builder().analyzer(analyzer).build(ds.corpus())) {
      names.add(idx.id());
      results.add(ev.evaluate(qrels, idx.search(queries, 100)));
    }
    try (Bm25Index idx = Bm25Index.builder().analyzer(LexicalAnalyzer.STANDARD).k1(k1).b(b).build(ds.corpus())) {
      names.add(idx.id());
      results.add(ev.evaluate(qrels, idx.search(queries, 100)));
    }

    Run dense;
    try (CachingEmbedder e = LeverSupport.cached(model, opt)) {
      long t2 = System.nanoTime();
      float[][] dv = LeverSupport.embedDocs(e, ds.corpus());
      float[][] qv = LeverSupport.embedQueries(e, queries);
      System.out.printf("%s: embedded %d docs + %d queries in %.1f s (cache hits %d, misses %d)%n",
          model.id(), ds.corpus().size(), queries.size(), (System.nanoTime() - t2) / 1e9, e.hits(), e.misses());
      dense = LeverSupport.denseRun(qv, queries, dv, ds.corpus(), 100);
      names.add("dense " + model.id());
      results.add(ev.evaluate(qrels, dense));
    }

    List<RankFusion> fusions = List.of(
        RankFusion.rrf().depth(100).build(),
        RankFusion.weighted(ScoreNormalization.MIN_MAX).depth(100).build(),
        RankFusion.weighted(ScoreNormalization.Z_SCORE).depth(100).build());
    for (RankFusion f : fusions) {
      names.add("fused " + f.id() + " (bm25 + dense)");
      results.add(ev.evaluate(qrels, f.fuse(bm25, dense)));
    }
    System.out.println("\n" + ds.id() + " (" + queries.size() + " queries):");
    System.out.printf("%-58s %8s %8s %9s%n", "system", "nDCG@10", "R@10", "R@100");
    for (int i = 0; i < names.size(); i++) {
      EvaluationResult r = results.get(i);
      System.out.printf("%-58s %8s %8s %9s%n", names.get(i), LeverSupport.f4(r.mean(Measure.ndcg(10))),
          LeverSupport.f4(r.mean(Measure.recall(10))), LeverSupport.f4(r.mean(Measure.recall(100))));
    }
    // weight curve of min-max fusion, α = weight of dense (on the evaluation queries: optimistic)
    StringBuilder curve = new StringBuilder("\nmin-max fusion curve, nDCG@10 by dense weight α (bm25 1−α):");
    for (int a = 0; a <= 10; a++) {
      double alpha = a / 10.0;
      Run f = RankFusion.weighted(ScoreNormalization.MIN_MAX).weights(1 - alpha, alpha).depth(100).build()
          .fuse(bm25, dense);
      curve.append(String.format(java.util.Locale.ROOT, " %.1f:%s", alpha,
          LeverSupport.f4(ev.evaluate(qrels, f).mean(Measure.ndcg(10)))));
    }
    System.out.println(curve);

    int bm25At = 0;
    int denseAt = 3;
    for (int f = 4; f < names.size(); f++) {
      for (Measure m : List.of(Measure.ndcg(10), Measure.recall(10))) {
        LeverStats.compareAgainst(names.get(f), results.get(f), List.of(names.get(bm25At), names.get(denseAt)),
            List.of(results.get(bm25At), results.get(denseAt)), m);
      }
    }
  }
}

package dev.embedlab.examples;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.ensemble.EnsembleEmbedder;
import dev.embedlab.eval.data.BeirDatasets;
import dev.embedlab.eval.data.Document;
import dev.embedlab.eval.data.Query;
import dev.embedlab.eval.data.RetrievalDataset;
import dev.embedlab.eval.data.Run;
import dev.embedlab.eval.fusion.WeightSearch;
import dev.embedlab.eval.metrics.EvaluationResult;
import dev.embedlab.eval.metrics.Measure;
import dev.embedlab.eval.metrics.RankingEvaluator;
import dev.embedlab.models.CachingEmbedder;
import dev.embedlab.models.KnownModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Hybrid ensembles on BEIR SciFact: each model alone vs. the concatenated ensemble whose weights are
 * chosen on the <em>train</em> queries (809) and reported on the <em>test</em> queries (300), with a
 * paired bootstrap CI and permutation p-value.
 *
 * <p>Every model embeds the corpus and the queries once (through the shared disk cache); the weight
 * search works on those vectors ({@link WeightSearch}), then the chosen ensemble is rebuilt as a real
 * {@link EnsembleEmbedder} and searched exactly, to show that its dot product reproduces the searched
 * score.
 *
 * <pre>
 *   java -cp ... dev.embedlab.examples.EnsembleSearch \
 *       [shared=../shared] [cache=~/.cache/embedlab/embeddings] [steps=10] [out=target/ensemble-search]
 *       [models=ALL_MINILM_L6_V2_Q,BGE_SMALL_EN_V15_Q,E5_SMALL_V2_Q,ALL_MINILM_L6_V2]
 * </pre>
 */
public final class EnsembleSearch {
  private EnsembleSearch() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> opt = LeverSupport.options(args);
    Path folder = ExampleDefaults.sciFactOrNull(opt);
    if (folder == null) {
      return;
    }
    List<KnownModel> models = Arrays.stream(opt.getOrDefault("models",
            "ALL_MINILM_L6_V2_Q,BGE_SMALL_EN_V15_Q,E5_SMALL_V2_Q,ALL_MINILM_L6_V2").split(","))
        .map(String::strip).map(KnownModel::valueOf).toList();
    int steps = Integer.parseInt(opt.getOrDefault("steps", "10"));
    Path out = Path.of(opt.getOrDefault("out", "target/ensemble-search"));
    Files.createDirectories(out);

    RetrievalDataset test = BeirDatasets.load(folder, "test");
    RetrievalDataset train = BeirDatasets.load(folder, "train");
    List<Document> corpus = test.corpus();
    System.out.println("machine: " + LeverSupport.machine());
    System.out.println("data: " + test + " | " + train);

    List<float[][]> docV = new ArrayList<>();
    List<float[][]> trainV = new ArrayList<>();
    List<float[][]> testV = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (KnownModel m : models) {
      try (CachingEmbedder e = LeverSupport.cached(m, opt)) {
        long t0 = System.nanoTime();
        docV.add(LeverSupport.embedDocs(e, corpus));
        trainV.add(LeverSupport.embedQueries(e, train.queries()));
        testV.add(LeverSupport.embedQueries(e, test.queries()));
        System.out.printf("embedded %s: %.1f s (cache hits %d, misses %d; a cached run is not model speed)%n",
            m.id(), (System.nanoTime() - t0) / 1e9, e.hits(), e.misses());
        names.add(m.id());
      }
    }
    List<String> docIds = corpus.stream().map(Document::id).toList();
    WeightSearch.Builder trainB = WeightSearch.builder().docIds(docIds)
        .queryIds(train.queries().stream().map(Query::id).toList()).measure(Measure.ndcg(10)).depth(100);
    WeightSearch.Builder testB = WeightSearch.builder().docIds(docIds)
        .queryIds(test.queries().stream().map(Query::id).toList()).measure(Measure.ndcg(10)).depth(100);
    for (int i = 0; i < names.size(); i++) {
      trainB.model(names.get(i), trainV.get(i), docV.get(i));
      testB.model(names.get(i), testV.get(i), docV.get(i));
    }
    long t0 = System.nanoTime();
    WeightSearch onTrain = trainB.build();
    WeightSearch.Result grid = onTrain.grid(train.qrels(), steps);
    System.out.printf("%nweight grid on TRAIN (%d points, step 1/%d, %.1f s): best %s%n",
        grid.curve().size(), steps, (System.nanoTime() - t0) / 1e9, grid.best());
    writeCurve(out.resolve("curve-train.tsv"), grid);
    WeightSearch.Result coord = onTrain.coordinateAscent(train.qrels(), 20, 10);
    System.out.println("coordinate ascent on TRAIN (" + coord.curve().size() + " points): best " + coord.best());

    WeightSearch onTest = testB.build();
    WeightSearch.Result testGrid = onTest.grid(test.qrels(), steps);
    writeCurve(out.resolve("curve-test.tsv"), testGrid);

    RankingEvaluator ev = RankingEvaluator.of(Measure.ndcg(10), Measure.recall(10), Measure.recall(100));
    double[] chosen = grid.best().weights();
    double[] equal = new double[names.size()];
    Arrays.fill(equal, 1.0);
    List<String> labels = new ArrayList<>();
    List<EvaluationResult> results = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      double[] w = new double[names.size()];
      w[i] = 1;
      labels.add(names.get(i));
      results.add(onTest.evaluate(test.qrels(), ev, w));
    }
    labels.add("ensemble equal weights");
    results.add(onTest.evaluate(test.qrels(), ev, equal));
    labels.add("ensemble train-chosen " + Arrays.toString(chosen));
    results.add(onTest.evaluate(test.qrels(), ev, chosen));
    System.out.println("\nSciFact TEST (300 queries), dense exact search, depth 100:");
    System.out.printf("%-60s %8s %8s %9s%n", "system", "nDCG@10", "R@10", "R@100");
    for (int i = 0; i < labels.size(); i++) {
      EvaluationResult r = results.get(i);
      System.out.printf("%-60s %8s %8s %9s%n", labels.get(i), LeverSupport.f4(r.mean(Measure.ndcg(10))),
          LeverSupport.f4(r.mean(Measure.recall(10))), LeverSupport.f4(r.mean(Measure.recall(100))));
    }
    System.out.println("(optimistic, weights picked on test itself: " + testGrid.best() + ")");

    EvaluationResult ens = results.get(results.size() - 1);
    LeverStats.compareAgainst("ensemble(train-chosen)", ens, labels.subList(0, names.size()),
        results.subList(0, names.size()), Measure.ndcg(10));

    // The same ensemble as a real Embedder: concatenated vectors + exact search reproduce the score.
    List<Embedder> parts = new ArrayList<>();
    EnsembleEmbedder.Builder eb = EnsembleEmbedder.builder();
    for (int i = 0; i < models.size(); i++) {
      if (chosen[i] > 0) {
        Embedder p = LeverSupport.cached(models.get(i), opt);
        parts.add(p);
        eb.add(p, chosen[i]);
      }
    }
    try (EnsembleEmbedder ensemble = eb.build()) { // owns and closes its parts
      float[][] dv = LeverSupport.embedDocs(ensemble, corpus);
      float[][] qv = LeverSupport.embedQueries(ensemble, test.queries());
      Run run = LeverSupport.denseRun(qv, test.queries(), dv, corpus, 100);
      double viaEmbedder = ev.evaluate(test.qrels(), run).mean(Measure.ndcg(10));
      System.out.printf("%nEnsembleEmbedder %s (dim %d): nDCG@10 %s (weight search said %s)%n",
          ensemble.id(), ensemble.dimension(), LeverSupport.f4(viaEmbedder),
          LeverSupport.f4(ens.mean(Measure.ndcg(10))));
    }
  }

  static void writeCurve(Path file, WeightSearch.Result r) throws IOException {
    StringBuilder sb = new StringBuilder(String.join("\t", r.models())).append('\t')
        .append(r.measure().name()).append('\n');
    for (WeightSearch.Point p : r.curve()) {
      for (double w : p.weights()) {
        sb.append(w).append('\t');
      }
      sb.append(p.value()).append('\n');
    }
    Files.writeString(file, sb);
  }
}

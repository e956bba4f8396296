package dev.embedlab.examples;

import dev.embedlab.core.ensemble.EnsembleEmbedder;
import dev.embedlab.bakeoff.BakeOff;
import dev.embedlab.bakeoff.Candidate;
import dev.embedlab.bakeoff.report.ConsoleReport;
import dev.embedlab.data.BeirDatasets;
import dev.embedlab.data.Document;
import dev.embedlab.data.Query;
import dev.embedlab.data.RetrievalDataset;
import dev.embedlab.eval.fusion.WeightSearch;
import dev.embedlab.eval.metrics.Measure;
import dev.embedlab.models.CachingEmbedder;
import dev.embedlab.models.KnownModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Hybrid ensembles on BEIR SciFact: the weights of a concatenated ensemble are chosen on the
 * <em>train</em> queries (809) with {@link WeightSearch} (from vectors embedded once per model,
 * through the shared disk cache), then a bake-off on the <em>test</em> queries (300) compares
 * each model alone, the ensemble with equal weights and the train-chosen ensemble — a real
 * {@link EnsembleEmbedder}, so its score is what a service would get — with paired bootstrap CIs
 * and Holm-adjusted p-values.
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
    Path out = Files.createDirectories(Path.of(opt.getOrDefault("out", "target/ensemble-search")));
    RetrievalDataset test = BeirDatasets.load(folder, "test");
    RetrievalDataset train = BeirDatasets.load(folder, "train");
    System.out.println("machine: " + LeverSupport.machine());

    // 1. Weights from the train queries, on vectors embedded once per model.
    WeightSearch.Builder wb = WeightSearch.builder().docIds(test.corpus().stream().map(Document::id).toList())
        .queryIds(train.queries().stream().map(Query::id).toList()).measure(Measure.ndcg(10)).depth(100);
    for (KnownModel m : models) {
      try (CachingEmbedder e = LeverSupport.cached(m, opt)) {
        wb.model(m.id(), LeverSupport.embedQueries(e, train.queries()), LeverSupport.embedDocs(e, test.corpus()));
      }
    }
    WeightSearch.Result grid = wb.build().grid(train.qrels(), steps);
    writeCurve(out.resolve("curve-train.tsv"), grid);
    double[] chosen = grid.best().weights();
    System.out.printf("weight grid on TRAIN (%d points, step 1/%d): best %s%n", grid.curve().size(), steps, grid.best());

    // 2. A bake-off on the test queries: models alone, equal weights, train-chosen weights.
    BakeOff.Builder bake = BakeOff.builder().dataset(test).truncationProbe(false);
    for (KnownModel m : models) {
      bake.candidate(Candidate.builder(m.id(), () -> LeverSupport.cached(m, opt)).cachedEmbeddings(true).build());
    }
    double[] equal = new double[models.size()];
    Arrays.fill(equal, 1.0 / models.size());
    bake.candidate(Candidate.builder("ensemble equal", () -> ensemble(models, equal, opt)).cachedEmbeddings(true).build());
    bake.candidate(Candidate.builder("ensemble train-chosen " + Arrays.toString(chosen),
        () -> ensemble(models, chosen, opt)).cachedEmbeddings(true).build());
    ConsoleReport.print(bake.build().run(), System.out);
  }

  /** The concatenated ensemble of the models with non-zero weight; it owns and closes its parts. */
  static EnsembleEmbedder ensemble(List<KnownModel> models, double[] w, Map<String, String> opt) {
    EnsembleEmbedder.Builder eb = EnsembleEmbedder.builder().ownsParts(true);
    for (int i = 0; i < models.size(); i++) {
      if (w[i] > 0) {
        eb.add(LeverSupport.cached(models.get(i), opt), w[i]);
      }
    }
    return eb.build();
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

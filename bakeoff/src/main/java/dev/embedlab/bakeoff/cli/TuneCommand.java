package dev.embedlab.bakeoff.cli;

import dev.embedlab.bakeoff.tune.AnnTuner;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.source.EmbedderSources;
import dev.embedlab.core.source.SourceContext;
import dev.embedlab.data.BeirDatasets;
import dev.embedlab.data.RetrievalDataset;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code embedlab tune}: embeds a BEIR set with one model and sweeps the ANN indexes' parameters
 * against its qrels with {@link AnnTuner} — nDCG@10 and recall, recall against exact search,
 * latency, build time and memory per configuration; the Pareto front; the cheapest configuration that
 * keeps 99% of exact nDCG@10, and its loss split into compression and approximation.
 */
@Command(name = "tune", sortOptions = false, mixinStandardHelpOptions = true,
    resourceBundle = "dev.embedlab.bakeoff.cli.TuneCommand")
final class TuneCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--beir", paramLabel = "DIR", required = true) private Path beir;
  @Option(names = "--split", paramLabel = "NAME") private String split = "test";
  @Option(names = "--model", paramLabel = "NAME") private String model = "all-minilm-l6-v2";
  @Option(names = "--index", paramLabel = "hnsw|ivf|both") private String index = "both";
  @Option(names = "--graph", paramLabel = "jvector|lucene") private String graph = "jvector";
  @Option(names = "--quick") private boolean quick;
  @Option(names = "--k", paramLabel = "N", converter = Converters.Count1.class) private int k = 100;
  @Option(names = "--threads", paramLabel = "N", converter = Converters.Count1.class) private int threads = Runtime.getRuntime().availableProcessors();

  @Override
  public Integer call() throws IOException {
    if (!List.of("hnsw", "ivf", "both").contains(index.toLowerCase(Locale.ROOT))) {
      throw new BakeOffOptions.UsageException("--index " + index + ": expected hnsw, ivf or both");
    }
    boolean lucene = graph.equalsIgnoreCase("lucene");
    if (!lucene && !graph.equalsIgnoreCase("jvector")) {
      throw new BakeOffOptions.UsageException("--graph " + graph + ": expected jvector or lucene");
    }
    PathChecks.checkBeir(beir, split);
    EmbedderSources sources = EmbedderSources.load();
    SourceContext context = new SourceContext(System.getenv(), null, threads, null);
    ModelChoice.check(sources, "--model", model, model, context);
    RetrievalDataset data;
    try {
      data = BeirDatasets.load(beir, split);
    } catch (IOException | IllegalArgumentException e) {
      throw new BakeOffOptions.UsageException("--beir " + beir + " (split " + split + "): expected a readable BEIR "
          + "folder; " + e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    AnnTuner.Data d;
    try (Embedder e = sources.open(model, context)) {
      d = new AnnTuner.Data(data.id() + " / " + model, ids(data, true), embed(e, texts(data, true), Role.DOCUMENT),
          ids(data, false), embed(e, texts(data, false), Role.QUERY), data.qrels());
    }
    AnnTuner tuner = AnnTuner.builder().k(k).threads(threads).targetFraction(0.99).build();
    List<AnnTuner.Point> all = new ArrayList<>();
    double target = Double.NaN;
    if (!index.equalsIgnoreCase("ivf")) {
      int[] ms = quick ? new int[] {16} : new int[] {8, 16, 32};
      int[] efs = quick ? new int[] {10, 40, 160} : new int[] {10, 20, 40, 80, 160};
      AnnTuner.Result r = tuner.tune(d, lucene ? AnnTuner.hnswGrid(ms, new int[] {100}, efs, false, true)
          : AnnTuner.jvectorGrid(ms, new int[] {100}, efs));
      out.printf(Locale.ROOT, "%n== %s ==%n%s", lucene ? "Lucene HNSW" : "jvector graph", r.table());
      all.addAll(r.points());
      target = r.target();
    }
    if (!index.equalsIgnoreCase("hnsw")) {
      // k-means needs at least nlist documents: a small corpus gets fewer lists (a power of two, at most half its size)
      int docs = d.docIds().length;
      int[] nlists = java.util.stream.IntStream.of(quick ? new int[] {64} : new int[] {32, 64, 128})
          .filter(n -> n <= docs / 2).toArray();
      AnnTuner.Result r = tuner.tune(d, AnnTuner.ivfGrid(nlists.length > 0 ? nlists
          : new int[] {Math.max(2, Integer.highestOneBit(Math.max(1, docs / 2)))},
          quick ? new int[] {1, 4, 16} : new int[] {1, 2, 4, 8, 16, 32}, new int[] {0}, 8, 0));
      out.printf(Locale.ROOT, "%n== IVF ==%n%s", r.table());
      all.addAll(r.points());
      target = r.target();
    }
    out.printf(Locale.ROOT, "%nPareto front (nDCG@10 up, p50 down, memory down):%n");
    for (AnnTuner.Point p : AnnTuner.paretoFront(all)) {
      out.printf(Locale.ROOT, "  %-44s nDCG@10 %.4f  p50 %.3f ms  %.2f MiB%n", p.config().label(), p.ndcg10(),
          p.latency().p50Millis(), p.memoryBytes() / (1024.0 * 1024.0));
    }
    double t = target;
    AnnTuner.cheapest(all, t, AnnTuner.Cost.values()[0]).ifPresentOrElse(p -> out.printf(Locale.ROOT,
        "cheapest keeping >= 99%% of exact nDCG@10 (%.4f): %s, nDCG@10 %.4f; loss %.4f = compression %.4f + "
            + "approximation %.4f%n", t, p.config().label(), p.ndcg10(), p.totalLoss(), p.compressionLoss(),
        p.approximationLoss()), () -> out.println("no configuration keeps 99% of exact nDCG@10"));
    out.flush();
    return 0;
  }

  private static String[] ids(RetrievalDataset data, boolean docs) {
    return docs ? data.corpus().stream().map(x -> x.id()).toArray(String[]::new)
        : data.queries().stream().map(x -> x.id()).toArray(String[]::new);
  }

  private static List<String> texts(RetrievalDataset data, boolean docs) {
    return docs ? data.corpus().stream().map(x -> x.titleAndText()).toList()
        : data.queries().stream().map(x -> x.text()).toList();
  }

  private float[][] embed(Embedder e, List<String> texts, Role role) {
    float[][] out = new float[texts.size()][];
    for (int i = 0; i < texts.size(); i += 64) {
      float[][] v = e.embed(texts.subList(i, Math.min(texts.size(), i + 64)), role);
      for (int j = 0; j < v.length; j++) {
        out[i + j] = VectorUtil.normalized(v[j]);
      }
    }
    return out;
  }
}

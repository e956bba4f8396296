package dev.embedlab.examples.monitoring;

import dev.embedlab.compress.BinaryCompressor;
import dev.embedlab.compress.CompressedIndex;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.data.BeirDatasets;
import dev.embedlab.data.Query;
import dev.embedlab.data.RetrievalDataset;
import dev.embedlab.eval.metrics.Measure;
import dev.embedlab.models.KnownModel;
import dev.embedlab.models.OnnxEmbedder;
import dev.embedlab.monitor.Alert;
import dev.embedlab.monitor.AlertRule;
import dev.embedlab.monitor.MeteredEmbedder;
import dev.embedlab.monitor.MeteredRetriever;
import dev.embedlab.monitor.QualityProbe;
import dev.embedlab.store.CorpusEmbedding;
import dev.embedlab.store.CorpusSource;
import dev.embedlab.store.MappedVectorRetriever;
import dev.embedlab.store.MappedVectors;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Production monitoring in one main: a {@link SimpleMeterRegistry} (use your Prometheus or Datadog
 * registry instead), a metered embedder and retriever, a quality probe on labelled queries with a
 * Recall@5 &lt; 0.8 threshold and a significant-drop rule, an alert listener, and a daily-report-like
 * summary. Then the live retriever is swapped for a degraded one — the binary codec without
 * rescoring — and the probe catches it.
 *
 * <p>With SciFact under {@code <shared>/data/scifact} (argument 1, default {@code ../shared}) the
 * corpus is embedded once with all-MiniLM-L6-v2 (int8) into a vector file under the work folder
 * (argument 2, default {@code target/monitoring-example}; resumable, progress on stderr) and the
 * healthy retriever is exact float32 search over the mapped file. Without it, a synthetic fixture
 * stands in (random unit vectors, queries are noisy copies of one document each).
 */
public final class MonitoringExample {
  private MonitoringExample() {}

  public static void main(String[] args) throws Exception {
    Path shared = Path.of(args.length > 0 ? args[0] : System.getProperty("embedlab.shared", "../shared"));
    Path work = Path.of(args.length > 1 ? args[1] : "target/monitoring-example");
    Files.createDirectories(work);
    MeterRegistry registry = new SimpleMeterRegistry();
    Path scifact = shared.resolve("data/scifact");
    List<Alert> alerts = new ArrayList<>();
    if (Files.isDirectory(scifact)) {
      runSciFact(scifact, work, registry, alerts);
    } else {
      System.out.println("no SciFact under " + scifact + "; using a synthetic fixture");
      runFixture(registry, alerts);
    }
  }

  private static void runSciFact(Path scifact, Path work, MeterRegistry registry, List<Alert> alerts)
      throws Exception {
    RetrievalDataset ds = BeirDatasets.load(scifact, "test");
    try (OnnxEmbedder model = OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2_Q).build();
        MeteredEmbedder embedder = MeteredEmbedder.builder(model, registry).tags("service", "scifact-search").build()) {
      Path file = work.resolve("scifact-" + model.id() + ".elv");
      Path corpus = Files.exists(scifact.resolve("corpus.jsonl")) ? scifact.resolve("corpus.jsonl")
          : scifact.resolve("corpus.jsonl.gz");
      CorpusEmbedding.builder().embedder(embedder).source(CorpusSource.beirJsonl(corpus)).output(file)
          .batchSize(64).console(System.err).build().run();
      try (MappedVectors mv = MappedVectors.open(file)) {
        Retriever exact = MappedVectorRetriever.of(mv, embedder, 512);
        float[][] rows = new float[mv.count()][];
        for (int i = 0; i < rows.length; i++) {
          rows[i] = mv.row(i);
        }
        CompressedIndex binary = CompressedIndex.builder(new BinaryCompressor(mv.dimension()))
            .vectors(Arrays.asList(mv.idsArray()), rows).build();
        Retriever degraded = new CompressedIndexRetriever("binary-no-rescore", binary, embedder, 0);
        String[] ids = ds.queries().stream().map(Query::id).toArray(String[]::new);
        List<String> texts = ds.queries().stream().map(Query::text).toList();
        // embed the labelled queries once: the probe then measures the index, not the model's latency
        float[][] qv = embedder.embed(texts, Embedder.Role.QUERY);
        probeAndSwap("scifact", registry, exact, degraded, Queries.of(ids, texts, qv), ds, alerts);
      }
    }
  }

  private static void runFixture(MeterRegistry registry, List<Alert> alerts) {
    java.util.Random r = new java.util.Random(42);
    int n = 2000;
    int dim = 64;
    String[] ids = new String[n];
    float[][] docs = new float[n][dim];
    for (int i = 0; i < n; i++) {
      ids[i] = "d" + i;
      for (int j = 0; j < dim; j++) {
        docs[i][j] = (float) r.nextGaussian();
      }
      VectorUtil.normalizeInPlace(docs[i]);
    }
    String[] qids = new String[120];
    float[][] qv = new float[120][dim];
    dev.embedlab.data.Qrels.Builder qb = dev.embedlab.data.Qrels.builder();
    for (int q = 0; q < qids.length; q++) {
      qids[q] = "q" + q;
      int t = r.nextInt(n);
      for (int j = 0; j < dim; j++) {
        qv[q][j] = (float) (docs[t][j] + 1.5 * r.nextGaussian() / Math.sqrt(dim));
      }
      VectorUtil.normalizeInPlace(qv[q]);
      qb.add(qids[q], ids[t], 1);
    }
    CompressedIndex full = CompressedIndex.builder(new dev.embedlab.compress.Float16Compressor(dim))
        .vectors(Arrays.asList(ids), docs).keepFullVectors(true).build();
    CompressedIndex bin = CompressedIndex.builder(new BinaryCompressor(dim)).vectors(Arrays.asList(ids), docs).build();
    RetrievalDataset ds = new RetrievalDataset("fixture", "synthetic", "MonitoringExample", List.of(), List.of(),
        qb.build(), List.of());
    probeAndSwap("fixture", registry, new CompressedIndexRetriever("exact-rescored", full, null, 1000),
        new CompressedIndexRetriever("binary-no-rescore", bin, null, 0), Queries.ofVectors(qids, qv), ds, alerts);
  }

  private static void probeAndSwap(String name, MeterRegistry registry, Retriever healthy, Retriever degraded,
      Queries queries, RetrievalDataset ds, List<Alert> alerts) {
    SwitchableRetriever live = new SwitchableRetriever(healthy);
    QualityProbe probe = QualityProbe.builder(name, MeteredRetriever.of(live, registry), queries, ds.qrels())
        .registry(registry)
        .measures(Measure.recall(5), Measure.ndcg(10))
        .alert(AlertRule.below(Measure.recall(5), 0.8))
        .alert(AlertRule.dropFromBaseline(Measure.ndcg(10), 0.01, 0.02, 20261129L))
        .listener(a -> {
          alerts.add(a);
          System.out.println("ALERT " + a.summary());
        })
        .build();
    System.out.println("== day 1: " + healthy.describe().name());
    probe.runNow();
    report(registry, probe);
    System.out.println("== day 2: deployed " + degraded.describe().name());
    live.swap(degraded);
    probe.runNow();
    report(registry, probe);
    System.out.println(alerts.isEmpty() ? "NO ALERT FIRED" : alerts.size() + " alert(s) fired");
  }

  /** A daily-report-like summary of what the registry holds. */
  static void report(MeterRegistry registry, QualityProbe probe) {
    System.out.println("-- report --");
    for (Meter m : registry.getMeters()) {
      String name = m.getId().getName();
      if (m instanceof Timer t && t.count() > 0) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-28s %s n=%d mean=%.1f ms", name,
            m.getId().getTagsAsIterable(), t.count(), t.mean(TimeUnit.MILLISECONDS)));
        sb.append(" (percentiles over the last 2 min)");
        for (ValueAtPercentile p : t.takeSnapshot().percentileValues()) {
          sb.append(String.format(Locale.ROOT, " p%.0f=%.1f ms", p.percentile() * 100, p.value(TimeUnit.MILLISECONDS)));
        }
        System.out.println(sb);
      } else if (m instanceof Counter c && c.count() > 0) {
        System.out.printf(Locale.ROOT, "%-28s %s %.6g%n", name, m.getId().getTagsAsIterable(), c.count());
      }
    }
    for (QualityProbe.ProbeRun run : probe.history()) {
      StringBuilder sb = new StringBuilder("quality " + run.time());
      for (Measure m : probe.measures()) {
        sb.append(String.format(Locale.ROOT, "  %s=%.4f", m.label(), run.mean(m)));
      }
      sb.append("  alerts=").append(run.alerts().size());
      System.out.println(sb);
    }
  }
}

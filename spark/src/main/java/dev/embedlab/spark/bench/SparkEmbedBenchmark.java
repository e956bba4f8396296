package dev.embedlab.spark.bench;

import dev.embedlab.core.Embedder.Role;
import dev.embedlab.data.BeirDatasets;
import dev.embedlab.data.Document;
import dev.embedlab.models.KnownModel;
import dev.embedlab.models.OnnxEmbedder;
import dev.embedlab.spark.EmbedCounters;
import dev.embedlab.spark.EmbedderSpec;
import dev.embedlab.spark.EmbedlabSparkPlugin;
import dev.embedlab.spark.SparkEmbedJob;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * SciFact corpus throughput: the plain single-JVM embedder (ONNX Runtime with 1 and with all cores
 * as intra-op threads) against the Spark job on {@code local[1]} and {@code local[2]} (one task per
 * core, one intra-op thread each, one shared embedder). Each path embeds a warm-up slice first
 * (model load, JIT, Spark start-up are reported separately as "cold"), then the timed corpus.
 *
 * <pre>
 * java -cp ... dev.embedlab.spark.bench.SparkEmbedBenchmark [scifactDir] [docs=1200] [maxLength=128]
 * </pre>
 * Needs the all-MiniLM-L6-v2 weights jar on the classpath.
 */
public final class SparkEmbedBenchmark {
  private SparkEmbedBenchmark() {}

  /** Runs the comparison and prints one line per path. */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "../shared/data/scifact");
    int limit = args.length > 1 ? Integer.parseInt(args[1]) : 1200;
    int maxLength = args.length > 2 ? Integer.parseInt(args[2]) : 128;
    List<Document> corpus = BeirDatasets.readCorpus(dir.resolve("corpus.jsonl.gz").toFile().exists()
        ? dir.resolve("corpus.jsonl.gz") : dir.resolve("corpus.jsonl"));
    List<String> ids = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (Document d : corpus.subList(0, Math.min(limit, corpus.size()))) {
      ids.add(d.id());
      texts.add(d.titleAndText());
    }
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.printf(Locale.ROOT, "SciFact %d documents, all-MiniLM-L6-v2 fp32, maxLength %d, %d cores%n",
        texts.size(), maxLength, cores);
    List<String> warm = texts.subList(0, Math.min(64, texts.size()));

    for (int threads : new int[] {1, cores}) {
      singleJvm(texts, warm, maxLength, threads, "");
    }
    for (int slots : new int[] {1, cores}) {
      long t0 = System.nanoTime();
      SparkSession spark = SparkSession.builder().master("local[" + slots + "]").appName("embedlab-bench")
          .config("spark.ui.enabled", "false").config("spark.plugins", EmbedlabSparkPlugin.class.getName())
          .getOrCreate();
      try {
        EmbedderSpec spec = EmbedderSpec.knownModel(KnownModel.ALL_MINILM_L6_V2).maxLength(maxLength).build();
        StructType schema = new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType);
        SparkEmbedJob job = SparkEmbedJob.builder(spec).build();
        run(job, frame(spark, ids.subList(0, warm.size()), warm, schema, slots));
        double cold = (System.nanoTime() - t0) / 1e9;
        int partitions = 4 * slots;
        Dataset<Row> in = frame(spark, ids, texts, schema, partitions).cache();
        in.count();
        long t = System.nanoTime();
        EmbedCounters.Stats st = run(job, in);
        double s = (System.nanoTime() - t) / 1e9;
        report("Spark local[" + slots + "], " + partitions + " partitions", (int) st.rows(), s, cold, st.tokens());
      } finally {
        spark.stop();
      }
    }
    // The machine is shared: the first path again shows how much the load drifted meanwhile.
    singleJvm(texts, warm, maxLength, 1, " (again: drift check)");
  }

  private static void singleJvm(List<String> texts, List<String> warm, int maxLength, int threads, String note) {
    long t0 = System.nanoTime();
    try (OnnxEmbedder e = OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2).maxLength(maxLength)
        .intraOpThreads(threads).build()) {
      e.embed(warm, Role.DOCUMENT);
      double cold = (System.nanoTime() - t0) / 1e9;
      e.resetUsage();
      long t = System.nanoTime();
      for (int i = 0; i < texts.size(); i += SparkEmbedJob.DEFAULT_CHUNK) {
        e.embed(texts.subList(i, Math.min(texts.size(), i + SparkEmbedJob.DEFAULT_CHUNK)), Role.DOCUMENT);
      }
      double s = (System.nanoTime() - t) / 1e9;
      report("single JVM, " + threads + " intra-op thread(s)" + note, texts.size(), s, cold, e.usage().tokens());
    }
  }

  private static Dataset<Row> frame(SparkSession spark, List<String> ids, List<String> texts, StructType schema,
      int partitions) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      rows.add(RowFactory.create(ids.get(i), texts.get(i)));
    }
    return spark.createDataFrame(rows, schema).repartition(partitions);
  }

  private static EmbedCounters.Stats run(SparkEmbedJob job, Dataset<Row> in) {
    SparkEmbedJob.Embedded e = job.embed(in);
    e.vectors().write().format("noop").mode("overwrite").save(); // computes every row, writes nothing
    return e.counters().snapshot();
  }

  private static void report(String what, int docs, double seconds, double cold, long tokens) {
    System.out.printf(Locale.ROOT, "%-40s %6d docs %8.1f s %8.1f docs/s %9.0f tokens/s  (cold start %.1f s)%n",
        what, docs, seconds, docs / seconds, tokens / seconds, cold);
  }
}

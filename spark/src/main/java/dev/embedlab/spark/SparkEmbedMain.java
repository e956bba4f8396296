package dev.embedlab.spark;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Embeds a corpus on Spark and writes {@code (id, vector)} Parquet.
 *
 * <pre>
 * spark-submit --class dev.embedlab.spark.SparkEmbedMain [--master local[*]] embedlab-spark.jar \
 *   --input ../shared/data/scifact --format beir --output /tmp/scifact-vectors \
 *   --model all-minilm-l6-v2 [--model-folder /models/e5 --distribute --config multilingual-e5-small] \
 *   [--max-length 256] [--pooling mean] [--role document] [--rules rules.txt] [--partitions 8] \
 *   [--chunk 1024] [--threads 1] [--normalize] [--overwrite]
 * </pre>
 * {@code --master} applies only when {@code spark-submit} did not set one (default {@code local[*]}).
 * Prints the accumulated counts (rows, tokens, truncated texts, model calls, partitions) and the
 * throughput.
 */
public final class SparkEmbedMain {
  private SparkEmbedMain() {}

  /** Entry point; exits 2 on a usage error. */
  public static void main(String[] argv) throws Exception {
    MainSupport.Args a;
    try {
      a = new MainSupport.Args(argv, List.of("overwrite", "distribute", "normalize"));
      a.required("input");
      a.required("output");
    } catch (IllegalArgumentException e) {
      System.err.println("usage error: " + e.getMessage());
      System.err.println("usage: SparkEmbedMain --input PATH [--format beir|jsonl|parquet] --output PATH"
          + " (--model ID | --model-folder DIR [--distribute] [--config NAME]) [--max-length N] [--pooling P]"
          + " [--role document|query] [--rules FILE] [--partitions N] [--chunk N] [--threads N] [--normalize]"
          + " [--overwrite] [--master URL]");
      System.exit(2);
      return;
    }
    SparkSession spark = MainSupport.session("embedlab-embed", a.get("master", null));
    try {
      String model = a.get("model-folder", null) != null ? "folder:" + a.get("model-folder", null)
          : a.get("model", "all-minilm-l6-v2");
      EmbedderSpec spec = MainSupport.spec(spark, a, model).build();
      Dataset<Row> in = SparkCorpora.read(spark, a.required("input"),
          SparkCorpora.Format.parse(a.get("format", "beir")));
      if (a.get("partitions", null) != null) {
        in = in.repartition(a.integer("partitions", 1));
      }
      SparkEmbedJob.Embedded e = SparkEmbedJob.builder(spec)
          .role(EmbedderSpec.role(a.get("role", "document")))
          .chunkSize(a.integer("chunk", SparkEmbedJob.DEFAULT_CHUNK))
          .l2Normalize(a.flag("normalize")).build().embed(in);
      long t = System.nanoTime();
      SparkCorpora.writeParquetAtomically(e.vectors(), a.required("output"), a.flag("overwrite"));
      double s = (System.nanoTime() - t) / 1e9;
      EmbedCounters.Stats st = e.counters().snapshot();
      System.out.printf(java.util.Locale.ROOT, "embedded %d texts in %.1f s (%.1f texts/s) on %s, %d executor(s): %s%n",
          st.rows(), s, st.rows() / Math.max(s, 1e-9), spark.sparkContext().master(),
          SparkBakeOff.executorCount(spark.sparkContext()), st);
      System.out.println("wrote " + a.required("output") + " (" + spec + ")");
    } finally {
      spark.stop();
    }
  }
}

package dev.embedlab.spark;

import dev.embedlab.bakeoff.BakeOffResult;
import dev.embedlab.bakeoff.CandidateResult;
import dev.embedlab.bakeoff.report.BakeOffReports;
import dev.embedlab.data.BeirDatasets;
import dev.embedlab.data.RetrievalDataset;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * A bake-off on Spark over a BEIR folder, written as the usual JSON, Markdown and HTML reports.
 *
 * <pre>
 * spark-submit --class dev.embedlab.spark.SparkBakeOffMain [--master local[*]] embedlab-spark.jar \
 *   --data ../shared/data/scifact [--split test] --out /tmp/bakeoff \
 *   --candidate minilm=all-minilm-l6-v2 --candidate bge=bge-small-en-v1.5 \
 *   [--candidate e5=folder:/models/multilingual-e5-small --distribute --config multilingual-e5-small] \
 *   [--max-length 256] [--k 100] [--partitions 8] [--resamples 10000]
 * </pre>
 * Each {@code --candidate name=model} is a catalog id or {@code folder:PATH}; the shared options
 * ({@code --max-length}, {@code --pooling}, {@code --rules}, …) apply to every candidate.
 */
public final class SparkBakeOffMain {
  private SparkBakeOffMain() {}

  /** Entry point; exits 2 on a usage error. */
  public static void main(String[] argv) throws Exception {
    MainSupport.Args a;
    try {
      a = new MainSupport.Args(argv, List.of("distribute", "exclude-identical-ids"));
      a.required("data");
      a.required("out");
      if (a.all("candidate").isEmpty()) {
        throw new IllegalArgumentException("at least one --candidate name=model is required");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("usage error: " + e.getMessage());
      System.err.println("usage: SparkBakeOffMain --data BEIR_DIR [--split test] --out DIR --candidate NAME=MODEL..."
          + " [--max-length N] [--k 100] [--partitions N] [--resamples N] [--master URL]");
      System.exit(2);
      return;
    }
    RetrievalDataset data = BeirDatasets.load(Path.of(a.required("data")), a.get("split", "test"));
    SparkSession spark = MainSupport.session("embedlab-bakeoff", a.get("master", null));
    try {
      SparkBakeOff.Builder b = SparkBakeOff.builder(spark).dataset(data).k(a.integer("k", 100))
          .excludeIdenticalIds(a.flag("exclude-identical-ids"))
          .significance(0.95, a.integer("resamples", 10_000), 42, 0.05);
      if (a.get("partitions", null) != null) {
        b.partitions(a.integer("partitions", 1));
      }
      for (String c : a.all("candidate")) {
        int eq = c.indexOf('=');
        if (eq <= 0 || eq == c.length() - 1) {
          throw new IllegalArgumentException("--candidate must be NAME=MODEL; --candidate=" + c);
        }
        String model = c.substring(eq + 1);
        b.candidate(c.substring(0, eq), MainSupport.spec(spark, a, model).build(), model);
      }
      BakeOffResult r = b.build().run();
      BakeOffReports.Written w = BakeOffReports.writeAll(r, Path.of(a.required("out")));
      for (CandidateResult c : r.candidates()) {
        System.out.printf(java.util.Locale.ROOT, "%-20s %s=%.4f  corpus %.1f docs/s  executors=%s%n", c.name(),
            r.settings().primaryMeasure(), c.quality().mean(r.settings().primaryMeasure()),
            c.timing().docsPerSecond(), c.info().properties().get("spark.executors"));
      }
      System.out.println("best: " + r.best() + "; reports: " + w.json() + ", " + w.markdown() + ", " + w.html());
    } finally {
      spark.stop();
    }
  }
}

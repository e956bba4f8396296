package dev.embedlab.spark;

import dev.embedlab.models.KnownModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one {@code local[2]} SparkSession every Spark test class shares (a session costs seconds to
 * start). Stored in JUnit's root store, so it is stopped once after the last test class; stopping
 * it also shuts the local executor down, which runs {@link EmbedlabSparkPlugin}.
 */
public final class SharedSpark implements BeforeAllCallback {
  private static SparkSession spark;

  /** The shared session (created on first use). */
  public static synchronized SparkSession session() {
    if (spark == null) {
      spark = SparkSession.builder()
          .master("local[2]")
          .appName("embedlab-spark-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.default.parallelism", "2")
          .config("spark.plugins", EmbedlabSparkPlugin.class.getName())
          .getOrCreate();
    }
    return spark;
  }

  @Override
  public void beforeAll(ExtensionContext ctx) {
    ctx.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent("embedlab.spark",
        k -> (ExtensionContext.Store.CloseableResource) SharedSpark::stop, Object.class);
    session();
  }

  private static synchronized void stop() {
    if (spark != null) {
      int before = ExecutorEmbedders.size();
      spark.stop();
      spark = null;
      System.err.println("SharedSpark: stopped; executor embedders " + before + " -> " + ExecutorEmbedders.size()
          + " (closed by EmbedlabSparkPlugin at executor shutdown)");
    }
  }

  /** The all-MiniLM-L6-v2 weights copied out of the test classpath into {@code dir}, as a model folder. */
  static Path minilmFolder(Path dir) throws IOException {
    Path folder = Files.createDirectories(dir.resolve("minilm-folder"));
    KnownModel m = KnownModel.ALL_MINILM_L6_V2;
    copy(m.modelResource(), folder.resolve("model.onnx"));
    copy(m.tokenizerResource(), folder.resolve("tokenizer.json"));
    return folder;
  }

  private static void copy(String resource, Path to) throws IOException {
    try (InputStream in = SharedSpark.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("test classpath lacks " + resource);
      }
      Files.copy(in, to);
    }
  }

  /** Cosine of two vectors, in double. */
  static double cosine(float[] a, float[] b) {
    double d = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      d += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return d / Math.sqrt(na * nb);
  }

  /** The shared data folder, or null when absent. */
  static Path shared() {
    String p = System.getProperty("embedlab.shared", "../../shared");
    Path d = Path.of(p);
    return Files.isDirectory(d) ? d : null;
  }
}

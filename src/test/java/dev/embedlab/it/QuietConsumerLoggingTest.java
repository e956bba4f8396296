package dev.embedlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consumer's view of the log: the README Quickstart in a fresh JVM with slf4j-simple at INFO
 * prints its three result lines and no INFO or WARN line from embedlab or the engines under it
 * (DJL, ONNX Runtime, ND4J/JavaCPP), and no SLF4J notice. On a machine with a CUDA runtime but no
 * GPU, DJL's tokenizer would warn {@code Failed to detect GPU count} here unless embedlab quiets it.
 */
class QuietConsumerLoggingTest {
  private static final Pattern NOISE = Pattern.compile(
      "\\b(INFO|WARN)\\b.*\\b(ai\\.djl|ai\\.onnxruntime|org\\.nd4j|org\\.bytedeco|dev\\.embedlab)\\b"
          + "|^SLF4J|GPU count");

  /** A first run: DJL's cache is empty, so it extracts the tokenizer library (logged at INFO by DJL). */
  @Test
  void quickstartPrintsOnlyItsResultsAtInfo(@TempDir Path djlCache) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "dev.embedlab.examples.readme.Quickstart")
        .redirectErrorStream(true);
    pb.environment().remove("OPT_OUT_TRACKING");   // a consumer has not set it; embedlab must
    pb.environment().remove("RUST_FLAVOR");
    pb.environment().put("DJL_CACHE_DIR", djlCache.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "Quickstart finished within 2 minutes");
    assertEquals(0, p.exitValue(), out);
    List<String> noise = out.lines().filter(l -> NOISE.matcher(l).find()).toList();
    assertEquals(List.of(), noise, "log lines a consumer did not ask for; whole output:\n" + out);
    assertEquals(3, out.strip().lines().count(), "two cosines and the usage line only:\n" + out);
  }
}

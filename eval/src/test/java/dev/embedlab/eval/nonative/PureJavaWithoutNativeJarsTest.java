package dev.embedlab.eval.nonative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.embedlab.compress.internal.Nd4jSupport;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What a consumer gets on a platform without ND4J's native jars (macOS, ARM, Windows, or anyone who
 * did not add them): the compress and eval modules must work in pure Java and print nothing from
 * ND4J. Runs {@link PureJavaMain} in a new JVM whose class path is this one minus the platform
 * jars of nd4j-native, openblas and javacpp (those with an OS-arch classifier), and compares its
 * results with the same computation here, where BLAS is used.
 */
class PureJavaWithoutNativeJarsTest {
  /** A jar with a JavaCPP platform classifier, e.g. {@code openblas-0.3.19-1.5.7-linux-x86_64.jar}. */
  private static final Pattern PLATFORM_JAR = Pattern.compile(
      "(nd4j-native|nd4j-native-preset|openblas|javacpp)-.*-(linux|macosx|windows|android|ios)-[a-z0-9_-]+\\.jar");

  @Test
  void metricsSearchStatisticsPcaAndOpqWorkWithoutTheNativeJars() throws Exception {
    String[] entries = System.getProperty("java.class.path").split(Pattern.quote(File.pathSeparator));
    List<String> kept = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    for (String e : entries) {
      Path name = Path.of(e).getFileName();
      if (name != null && PLATFORM_JAR.matcher(name.toString()).matches()) {
        removed.add(name.toString());
      } else {
        kept.add(e);
      }
    }
    assertTrue(removed.stream().anyMatch(n -> n.startsWith("nd4j-native-"))
        && removed.stream().anyMatch(n -> n.startsWith("openblas-")),
        "the test class path should hold the platform jars to remove; removed " + removed);
    assertTrue(kept.stream().anyMatch(e -> e.contains("nd4j-api")), "nd4j-api stays, as for consumers");

    String output = runMain(kept);
    List<String> lines = Arrays.asList(output.split("\\R"));
    assertTrue(lines.contains("nd4j.available=false"), output);
    assertTrue(lines.contains("opq.beatsPq=true"), output);
    String reason = lines.stream().filter(l -> l.startsWith("nd4j.reason=")).findFirst().orElse("");
    assertTrue(reason.contains("org.nd4j:nd4j-native:1.0.0-M2.1:<classifier>")
        && reason.contains("org.bytedeco:openblas:0.3.19-1.5.7:<classifier>"),
        "the reason names the artifacts to add: " + reason);
    // a library prints nothing of its own at INFO, and no stack trace escapes
    assertFalse(output.contains("INFO"), "no INFO lines expected:\n" + output);
    assertFalse(output.contains("Exception in thread") || output.contains("\tat "), output);

    assumeTrue(Nd4jSupport.isAvailable(), "no ND4J here to compare with: " + Nd4jSupport.unavailableReason());
    for (String expected : PureJavaMain.results()) {
      assertTrue(lines.contains(expected), "missing or different without ND4J: " + expected + "\nchild:\n" + output);
    }
  }

  @Test
  void withTheNativeJarsNd4jIsUsedAndPrintsNothingAtInfo() throws Exception {
    assumeTrue(Nd4jSupport.isAvailable(), "no ND4J here: " + Nd4jSupport.unavailableReason());
    String output = runMain(Arrays.asList(System.getProperty("java.class.path").split(Pattern.quote(File.pathSeparator))));
    List<String> lines = Arrays.asList(output.split("\\R"));
    assertTrue(lines.contains("nd4j.available=true"), output);
    // ND4J's ~15 start-up INFO lines and its CPU-level line are silenced by Nd4jSupport (slf4j-simple here)
    assertFalse(output.contains("INFO"), "no INFO lines expected:\n" + output);
  }

  /** Runs {@link PureJavaMain} in a new JVM on {@code classPath}; asserts exit code 0; returns its output. */
  private static String runMain(List<String> classPath) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-cp", String.join(File.pathSeparator, classPath),
        PureJavaMain.class.getName());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    byte[] bytes = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish in 120 s");
    String output = new String(bytes, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), "child JVM exit code; output:\n" + output);
    return output;
  }
}

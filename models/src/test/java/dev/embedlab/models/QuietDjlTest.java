package dev.embedlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: building an {@link OnnxCrossEncoder} printed DJL's INFO platform lines (and, on a
 * machine with a CUDA runtime but no usable GPU, two CUDA-probe WARN lines) under slf4j-simple,
 * because it skipped the DJL defaults {@link OnnxEmbedder} applies. Checked in a fresh JVM, where
 * DJL initialises for the first time, with slf4j-simple at its default level (INFO).
 */
class QuietDjlTest {
  @Test
  void aCrossEncoderBuildLogsNothingFromDjl(@TempDir Path tmp) throws Exception {
    Path folder = TinyCrossEncoder.writeFolder(tmp.resolve("ce"), TinyCrossEncoder.Spec.standard(),
        TinyCrossEncoder.config(1, null, null));
    Path err = tmp.resolve("stderr.txt");
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), CrossEncoderLoadMain.class.getName(), folder.toString());
    Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    String log = Files.readString(err);
    assertEquals(0, p.exitValue(), log);
    assertTrue(out.startsWith("score="), out);
    assertFalse(log.contains("ai.djl"), "DJL logged while a cross-encoder was built:\n" + log);
  }
}

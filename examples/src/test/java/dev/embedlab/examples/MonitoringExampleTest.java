package dev.embedlab.examples;

import dev.embedlab.examples.monitoring.MonitoringExample;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke test of the example main on its synthetic fixture (no shared data folder given). */
class MonitoringExampleTest {
  @TempDir Path dir;

  @Test
  void theExampleReportsAndTheAlertFiresOnTheDegradedRetriever() throws Exception {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      MonitoringExample.main(new String[] {dir.resolve("no-shared").toString(), dir.resolve("work").toString()});
    } finally {
      System.setOut(old);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    System.out.println(out);
    assertTrue(out.contains("synthetic fixture"), out);
    assertTrue(out.contains("-- report --") && out.contains("embedlab.search.latency") && out.contains("p99="), out);
    assertTrue(out.contains("ALERT [fixture] Recall@5 below 0.8"), out);
    assertTrue(out.contains("dropped against the baseline"), out);
    assertTrue(out.contains("2 alert(s) fired"), out);
  }
}

package dev.embedlab.bakeoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

  @Test
  void rateAndEtaAreHandComputed() {
    long[] now = {0};
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleProgress p = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, () -> now[0]);
    p.start("m corpus", 1000, "docs");
    now[0] = 10_000_000_000L; // 10 s
    p.advance(250);           // 25 docs/s; 750 left -> 30 s
    assertEquals("  m corpus [######------------------]  25%  250/1,000  25 docs/s  ETA 0:30", p.line(now[0], false));
    now[0] = 40_000_000_000L;
    p.advance(750);
    p.finish();
    String out = bytes.toString(StandardCharsets.UTF_8);
    // non-interactive: a line at 25 % and the final line, no carriage returns
    assertEquals(2, out.lines().count(), out);
    assertTrue(out.contains("100%  1,000/1,000  25 docs/s  in 0:40"), out);
    assertTrue(!out.contains("\r"));
  }

  @Test
  void interactiveRedrawsInPlaceAndClockFormats() {
    long[] now = {0};
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleProgress p = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, () -> now[0]);
    p.start("q", 0, "queries");
    p.finish();
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(out.startsWith("\r  q [########################] 100%  0/0"), out);
    assertTrue(out.endsWith("\n"));
    assertEquals("1:01:01", ConsoleProgress.clock(3661));
    assertEquals("0:59", ConsoleProgress.clock(59.4));
  }
}

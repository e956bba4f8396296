package dev.embedlab.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile regex rules end in a clear {@link RuleLimitException}, never a StackOverflowError or minutes. */
class RegexCostTest {

  @TempDir
  Path dir;

  TextPreprocessor load(String... lines) throws IOException {
    Path f = dir.resolve("hostile.rules");
    Files.write(f, List.of(lines), StandardCharsets.UTF_8);
    return TextPreprocessor.load(f);
  }

  @Test
  void recursionOnALongRunIsAClearErrorNamingFileLineAndText() throws IOException {
    TextPreprocessor p = load("# hostile", "regex\t(\\w|-)+\tW", "regex\t(?:\\s|\\u00a0)+\t ");
    String hyphens = "a-".repeat(300_000); // 60,000 overflowed a default 1 MiB stack; 10x that for margin
    RuleLimitException e = assertThrows(RuleLimitException.class, () -> p.applyAll(List.of("ok", hyphens)));
    assertTrue(e.getMessage().startsWith(dir.resolve("hostile.rules") + ":2: texts[1]: rule regex((\\w|-)+=>W) "
        + "overflowed the thread stack on a text of 600000 characters"), e.getMessage());
    assertTrue(e.getMessage().contains("[\\w-]+"), e.getMessage());
    assertEquals(1, e.textIndex());
    assertTrue(e.origin().endsWith("hostile.rules:2"));

    TextPreprocessor spaces = load("regex\t(?:\\s|\\u00a0)+\t ");
    RuleLimitException s = assertThrows(RuleLimitException.class, () -> spaces.apply("x" + " ".repeat(100_000) + "y"));
    assertTrue(s.getMessage().contains(":1: rule regex((?:\\s|\\u00a0)+=> ) overflowed the thread stack"), s.getMessage());
    assertEquals(-1, s.textIndex());
  }

  @Test
  void catastrophicBacktrackingStopsAtTheStepBudget() throws IOException {
    TextPreprocessor p = load("regex\t(a+)+$\tX");
    String text = "a".repeat(40_000) + "!";
    long t0 = System.nanoTime();
    RuleLimitException e = assertThrows(RuleLimitException.class, () -> p.apply(text));
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertTrue(e.getMessage().contains("needed more than " + (256L * 40_001) + " character reads"), e.getMessage());
    assertTrue(seconds < 5, "stopped after " + seconds + " s (28 s unbounded)");
  }

  @Test
  void linearPatternsHandleLongTextsAndShortHostileOnesStillWork() throws IOException {
    TextPreprocessor p = load("regex\t[\\w-]+\tW", "regex\t(?:\\s|\\u00a0)++\t ");
    assertEquals("W W", p.apply("a-".repeat(50_000) + "  \u00a0 " + "b".repeat(100_000)));
    // The same hostile shapes pass on short texts: the budget only stops runaway cost.
    assertEquals("X", new RegexRule("(a+)+$", "X").apply("aaaaaaaaaaaa"));
    assertEquals("W", new RegexRule("(\\w|-)+", "W").apply("a-b-c"));
  }

  @Test
  void rulesThatGrowTheTextStopAtTheOutputBoundNamingFileLineAndText() throws IOException {
    String[] lines = new String[30];
    java.util.Arrays.fill(lines, "regex\ta\t$0$0"); // each rule doubles the text: 2^30 unbounded
    TextPreprocessor p = load(lines);
    long t0 = System.nanoTime();
    RuleLimitException e = assertThrows(RuleLimitException.class, () -> p.applyAll(List.of("ok", "a")));
    double seconds = (System.nanoTime() - t0) / 1e9;
    // "a" doubles to 2^16 = 65,536 = MIN_OUTPUT_CHARS after rule 16; rule 17 crosses the bound
    assertTrue(e.getMessage().startsWith(dir.resolve("hostile.rules") + ":17: texts[1]: rule regex(a=>$0$0) made the"
        + " chain's output 131072 characters"), e.getMessage());
    assertEquals(1, e.textIndex());
    assertTrue(seconds < 5, "stopped after " + seconds + " s (48 s and an OutOfMemoryError unbounded)");

    // one rule alone is bounded while it builds its output: 8 x the input, at least 65,536
    RegexRule grow = new RegexRule("a", "$0".repeat(20), "x.rules:3");
    RuleLimitException one = assertThrows(RuleLimitException.class, () -> grow.apply("a".repeat(10_000)));
    assertTrue(one.getMessage().startsWith("x.rules:3: rule regex(a=>" + "$0".repeat(20) + ") would make more than"
        + " 80000 characters of a text of 10000 characters"), one.getMessage());
    assertEquals("a".repeat(80), grow.apply("aaaa"), "small growth passes");
  }
}

package dev.embedlab.staticemb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.UsageReporting;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link StaticEmbedder} as {@code TokenCounting}: what a cache wrapper counts on hits. */
class StaticTokenCountsTest {
  static StaticEmbedder embedder(int maxTokens) {
    float[] table = new float[4 * 2];
    Arrays.fill(table, 1f);
    return new StaticEmbedder(StaticModel.builder(TestTokenizers.wordLevel(List.of("a", "b", "c")), table, 2).build(),
        "t", maxTokens);
  }

  @Test
  void countsKnownTokensUpToTheMaximumWithoutPoolingOrCounting() {
    try (StaticEmbedder e = embedder(2)) {
      assertEquals(2, e.maxLength());
      assertArrayEquals(new int[] {1, 2, 2, 0, 1}, e.tokenCounts(List.of("a", "a b", "a b c", "zzz", "zzz c"), Role.QUERY));
      assertEquals(0, UsageReporting.usageOf(e).orElseThrow().texts(), "counting pools nothing");
      // the embedder's own count of cut texts agrees: only "a b c" has more known tokens than 2
      e.embed(List.of("a", "a b", "a b c", "zzz", "zzz c"));
      assertEquals(1, UsageReporting.usageOf(e).orElseThrow().truncatedTexts());
    }
  }

  @Test
  void refusesANullText() {
    try (StaticEmbedder e = embedder(4)) {
      IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
          () -> e.tokenCounts(Arrays.asList("a", null), Role.DOCUMENT));
      assertEquals("texts[1] must not be null", x.getMessage());
    }
  }
}

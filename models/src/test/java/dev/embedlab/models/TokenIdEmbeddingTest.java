package dev.embedlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OnnxEmbedder#embedTokenIds}: token-id rows fed as given, checked against a hand computation
 * from the generated {@link TinyXlmR} graph's weights, and equal to {@code embed} when the row is what
 * the tokenizer would have made of a text.
 */
class TokenIdEmbeddingTest {
  @TempDir Path tmp;

  @Test
  void rowsAreFedAsGivenPooledAndNormalisedLikeTexts() throws IOException {
    Path folder = TinyXlmR.writeFolder(tmp.resolve("tiny"), false, false);
    try (OnnxEmbedder e = OnnxEmbedder.builder(KnownConfig.MULTILINGUAL_E5_SMALL, folder).queryPrefix("")
        .documentPrefix("").maxLength(8).intraOpThreads(1).build()) {
      assertEquals(TinyXlmR.VOCAB.size(), e.vocabularySize());
      long[][] rows = {
          TinyXlmR.ids("<s>", "▁서울", "</s>"),
          TinyXlmR.ids("은"), // no special tokens: fed as given
          TinyXlmR.ids("<s>", "▁서울", "은", "▁한국", "의", "▁수도", "입니다", "</s>"), // exactly maxLength
          TinyXlmR.ids("<s>", "국", "</s>"),
      };
      float[][] got = e.embedTokenIds(rows);
      assertEquals(rows.length, got.length);
      for (int i = 0; i < rows.length; i++) {
        assertArrayEquals(TinyXlmR.expected(rows[i], false), got[i], 1e-6f, "row " + i + " (batched, padded)");
        assertArrayEquals(got[i], e.embedTokenIds(new long[][] {rows[i]})[0], "row " + i + " alone");
      }
      // The tokenizer turns "서울은 한국의 수도입니다" into row 2: same vector, bit for bit.
      assertArrayEquals(e.embed(List.of("서울은 한국의 수도입니다"))[0], got[2]);
    }
  }

  @Test
  void badRowsAreRejectedBeforeAnythingRuns() throws IOException {
    Path folder = TinyXlmR.writeFolder(tmp.resolve("tiny"), false, false);
    OnnxEmbedder e = OnnxEmbedder.builder(KnownConfig.MULTILINGUAL_E5_SMALL, folder).maxLength(4)
        .intraOpThreads(1).build();
    try (e) {
      int n = e.vocabularySize();
      IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
          () -> e.embedTokenIds(new long[][] {{0, 5, 2}, {0, n, 2}}));
      assertTrue(tooBig.getMessage().contains("row 1 position 1") && tooBig.getMessage().contains("id=" + n),
          tooBig.getMessage());
      assertThrows(IllegalArgumentException.class, () -> e.embedTokenIds(new long[][] {{0, -1, 2}}));
      assertThrows(IllegalArgumentException.class, () -> e.embedTokenIds(new long[][] {{}}));
      IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
          () -> e.embedTokenIds(new long[][] {{0, 5, 5, 5, 2}}));
      assertTrue(tooLong.getMessage().contains("length=5"), tooLong.getMessage());
      assertEquals(0, e.usage().texts(), "nothing ran");
    }
    IllegalStateException closed = assertThrows(IllegalStateException.class,
        () -> e.embedTokenIds(new long[][] {{0, 5, 2}}));
    assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
  }
}

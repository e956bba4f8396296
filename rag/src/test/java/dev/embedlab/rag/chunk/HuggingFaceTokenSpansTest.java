package dev.embedlab.rag.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.rag.ingest.SourceDocument;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token windows in the candidate model's own tokens (all-MiniLM-L6-v2's WordPiece tokenizer.json). */
class HuggingFaceTokenSpansTest {

  private static Path tokenizer(Path dir) throws Exception {
    Path f = dir.resolve("tokenizer.json");
    try (InputStream in = HuggingFaceTokenSpansTest.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2-q-tokenizer.json")) {
      Files.copy(in, f);
    }
    return f;
  }

  @Test
  void spansAreTheModelsTokensInJavaIndicesEvenAfterAnEmoji(@TempDir Path dir) throws Exception {
    String text = "Hello 😀 world, embeddings!";
    try (HuggingFaceTokenSpans t = HuggingFaceTokenSpans.open(tokenizer(dir))) {
      int[][] s = t.spans(text);
      List<String> pieces = java.util.Arrays.stream(s).map(x -> text.substring(x[0], x[1])).toList();
      assertTrue(pieces.contains("world") && pieces.contains("Hello"), pieces.toString());
      assertEquals(List.of("Hello", "😀", "world", ",", "em", "bed", "ding", "s", "!"), pieces,
          "WordPiece pieces, each the exact substring of the text (the emoji is two Java chars)");
      for (int i = 1; i < s.length; i++) {
        assertTrue(s[i][0] >= s[i - 1][0], "spans in order");
      }
    }
  }

  @Test
  void windowsHoldAtMostSizeModelTokensAndOverlap(@TempDir Path dir) throws Exception {
    String text = "Items can be returned within thirty days of delivery. Refunds go back to the card used for the "
        + "purchase within five business days after the parcel arrives.";
    SourceDocument d = new SourceDocument("f.txt", "text/plain", "", text, List.of(new SourceDocument.Page(1, 0, text.length())),
        "0".repeat(64));
    try (HuggingFaceTokenSpans t = HuggingFaceTokenSpans.open(tokenizer(dir))) {
      List<Passage> ps = new TokenChunker(8, 2, t, "all-minilm-l6-v2").chunk(d);
      assertTrue(ps.size() > 3, ps.toString());
      for (Passage p : ps) {
        assertTrue(t.spans(p.text()).length <= 8, "at most 8 model tokens: " + p.text());
        assertEquals(text.substring(p.start(), p.end()), p.text());
      }
    }
    assertThrows(IllegalArgumentException.class, () -> HuggingFaceTokenSpans.open(dir.resolve("missing.json")));
  }
}

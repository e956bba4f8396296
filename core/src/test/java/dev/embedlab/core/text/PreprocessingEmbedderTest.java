package dev.embedlab.core.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreprocessingEmbedderTest {

  /** Records the texts it receives; vector = [length, role ordinal]. */
  static final class Recording implements Embedder {
    final List<String> seen = new ArrayList<>();
    boolean closed;

    @Override
    public float[][] embed(List<String> texts, Role role) {
      seen.addAll(texts);
      float[][] out = new float[texts.size()][];
      for (int i = 0; i < texts.size(); i++) {
        out[i] = new float[] {texts.get(i).length(), role.ordinal()};
      }
      return out;
    }

    @Override
    public int dimension() {
      return 2;
    }

    @Override
    public String id() {
      return "rec";
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void appliesTheChainForBothRolesAndPrefixesTheId() {
    Recording rec = new Recording();
    TextPreprocessor pp = TextPreprocessor.of(WhitespaceRule.INSTANCE, MoneyUnitRule.INSTANCE);
    PreprocessingEmbedder e = PreprocessingEmbedder.wrap(rec, pp);
    assertEquals("rec+" + pp.id(), e.id());
    assertEquals(2, e.dimension());
    float[][] v = e.embed(List.of("  3만원  "), Embedder.Role.QUERY);
    assertArrayEquals(new float[] {6, 0}, v[0]); // "30000원"
    e.embed(List.of("a  b"));
    assertEquals(List.of("30000원", "a b"), rec.seen);
  }

  @Test
  void borrowedDelegateStaysOpenOwnedOneIsClosed() {
    Recording rec = new Recording();
    PreprocessingEmbedder e = PreprocessingEmbedder.wrap(rec, TextPreprocessor.identity());
    e.close();
    e.close();
    assertFalse(rec.closed);
    IllegalStateException ex = assertThrows(IllegalStateException.class, () -> e.embed(List.of("x")));
    assertEquals("rec+pp-none is closed", ex.getMessage());
    PreprocessingEmbedder owning = PreprocessingEmbedder.owning(rec, TextPreprocessor.identity());
    owning.close();
    assertTrue(rec.closed);
    assertThrows(IllegalArgumentException.class,
        () -> PreprocessingEmbedder.wrap(new Recording(), TextPreprocessor.identity())
            .embed(java.util.Arrays.asList("a", null), Embedder.Role.DOCUMENT));
  }
}

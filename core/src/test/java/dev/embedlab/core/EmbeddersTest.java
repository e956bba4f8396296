package dev.embedlab.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder.Role;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddersTest {

  @Test
  void unpairedSurrogatesWouldCollideAsUtf8AndAreRefused() {
    String a = "x\uD800y";
    String b = "x\uDC00y";
    // The collision this check prevents: both encode to the same bytes.
    assertTrue(Arrays.equals(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Embedders.checkTexts(List.of("ok", a), Role.DOCUMENT));
    assertEquals("texts[1] has an unpaired surrogate U+D800 at char 1; expected well-formed UTF-16 "
        + "(it has no UTF-8 encoding and would be read as '?')", e.getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Embedders.checkTexts(List.of(b), Role.QUERY)).getMessage().contains("U+DC00 at char 1"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Embedders.checkTexts(List.of("end\uD83D"), Role.QUERY)).getMessage().contains("at char 3"));
  }

  @Test
  void wellFormedTextsPass() {
    assertDoesNotThrow(() -> Embedders.checkTexts(List.of("", "한국어", "emoji \uD83D\uDE00 ok", "\uD83D\uDE00"),
        Role.DOCUMENT));
    assertEquals(-1, Embedders.unpairedSurrogate("\uD83D\uDE00\uD83D\uDE00"));
    assertEquals(2, Embedders.unpairedSurrogate("\uD83D\uDE00\uDE00"));
  }
}

package dev.embedlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IdOrderTest {
  @Test
  void ordersByCodePointLikeStrcmpOnUtf8() {
    // U+1F600 (surrogate pair in UTF-16) sorts after U+FF5E by code point and by UTF-8 bytes,
    // though String.compareTo puts it first (0xD83D < 0xFF5E).
    String emoji = "\uD83D\uDE00";
    String fullwidthTilde = "\uFF5E";
    assertTrue(emoji.compareTo(fullwidthTilde) < 0, "UTF-16 order differs: the case this class exists for");
    assertTrue(IdOrder.compareCodePoints(emoji, fullwidthTilde) > 0);
    assertTrue(IdOrder.compareCodePoints("doc1", "doc10") < 0, "a prefix sorts first");
    assertTrue(IdOrder.compareCodePoints("b", "a") > 0);
    assertEquals(0, IdOrder.compareCodePoints("문서", "문서"));
  }
}

package dev.embedlab.eval.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DocIdOrderTest {

  @Test
  void equalsUnsignedUtf8ByteOrderOnRandomStrings() {
    long seed = 11;
    Random r = new Random(seed);
    int[] pool = {'0', '9', 'A', 'a', 'z', 0x7F, 0xE9, 0xAC00, 0xE000, 0xFFFD, 0x1F600, 0x10FFFF};
    for (int t = 0; t < 20_000; t++) {
      String a = randomString(r, pool);
      String b = randomString(r, pool);
      int want = Integer.signum(Arrays.compareUnsigned(
          a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
      assertEquals(want, Integer.signum(DocIdOrder.compareUtf8(a, b)),
          "seed " + seed + ": " + a + " vs " + b);
    }
  }

  @Test
  void differsFromUtf16OrderAboveTheBmp() {
    String astral = "\uD83D\uDE00"; // U+1F600: UTF-8 F0..., UTF-16 D83D...
    String privateUse = "\uE000";   // U+E000: UTF-8 EE..., UTF-16 E000
    assertTrue(astral.compareTo(privateUse) < 0, "UTF-16 puts the emoji first");
    assertTrue(DocIdOrder.compareUtf8(astral, privateUse) > 0, "strcmp puts it last");
    assertTrue(DocIdOrder.compareUtf8("a", "ab") < 0);
    assertEquals(0, DocIdOrder.compareUtf8("가", "가"));
  }

  private static String randomString(Random r, int[] pool) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(4);
    for (int i = 0; i < n; i++) {
      sb.appendCodePoint(pool[r.nextInt(pool.length)]);
    }
    return sb.toString();
  }
}

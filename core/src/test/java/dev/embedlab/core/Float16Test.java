package dev.embedlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Float16Test {

  @Test
  void everyHalfRoundTripsBitExactly() {
    for (int bits = 0; bits < 65536; bits++) {
      final int h = bits;
      float f = Float16.halfToFloat((short) h);
      short back = Float16.floatToHalf(f);
      assertEquals(h, back & 0xFFFF, () -> "half 0x" + Integer.toHexString(h) + " -> " + f);
    }
  }

  @Test
  void midpointsBetweenNeighboursRoundToEven() {
    // for each pair of adjacent finite positive halves (h, h+1), the exact float midpoint must go to
    // the even one, and the floats just either side of it to the nearer one
    for (int h = 0; h < 0x7BFF; h++) {
      float lo = Float16.halfToFloat((short) h);
      float hi = Float16.halfToFloat((short) (h + 1));
      float mid = (float) (((double) lo + hi) / 2); // exact: halves have 11 significant bits
      assertEquals(((double) lo + hi) / 2, mid, 0.0);
      int expected = (h & 1) == 0 ? h : h + 1;
      assertEquals(expected, Float16.floatToHalf(mid) & 0xFFFF, "midpoint after 0x" + Integer.toHexString(h));
      assertEquals(h, Float16.floatToHalf(Math.nextDown(mid)) & 0xFFFF);
      assertEquals(h + 1, Float16.floatToHalf(Math.nextUp(mid)) & 0xFFFF);
      assertEquals(expected | 0x8000, Float16.floatToHalf(-mid) & 0xFFFF);
    }
  }

  @Test
  void overflowUnderflowAndSpecials() {
    assertEquals(0x7BFF, Float16.floatToHalf(Math.nextDown(65520f)) & 0xFFFF); // 65504
    assertEquals(0x7C00, Float16.floatToHalf(65520f) & 0xFFFF); // tie at max rounds to even = inf
    assertEquals(0x7C00, Float16.floatToHalf(1e10f) & 0xFFFF);
    assertEquals(0xFC00, Float16.floatToHalf(Float.NEGATIVE_INFINITY) & 0xFFFF);
    assertEquals(0x0000, Float16.floatToHalf(0x1p-25f) & 0xFFFF); // tie to even zero
    assertEquals(0x0001, Float16.floatToHalf(Math.nextUp(0x1p-25f)) & 0xFFFF);
    assertEquals(0x8000, Float16.floatToHalf(-1e-30f) & 0xFFFF);
    assertEquals(0x8000, Float16.floatToHalf(-Float.MIN_VALUE) & 0xFFFF);
    assertEquals(0x3C00, Float16.floatToHalf(1f) & 0xFFFF);
    assertEquals(0x3C00, Float16.floatToHalf(1f + 0x1p-11f) & 0xFFFF); // tie -> even (1.0)
    assertEquals(0x3C02, Float16.floatToHalf(1f + 3 * 0x1p-11f) & 0xFFFF); // tie -> even (1+2^-9)
    assertEquals(0x0400, Float16.floatToHalf(Float16.MIN_NORMAL) & 0xFFFF);
    assertEquals(0x03FF, Float16.floatToHalf(Float16.MIN_NORMAL - 0x1p-24f) & 0xFFFF);
    assertTrue(Float.isNaN(Float16.halfToFloat(Float16.floatToHalf(Float.NaN))));
    assertEquals(65504f, Float16.halfToFloat((short) 0x7BFF));
    assertEquals(0x1p-24f, Float16.halfToFloat((short) 1));
  }

  @Test
  void relativeErrorWithinUnitRoundoff() {
    long seed = 20261127L;
    Random rnd = new Random(seed);
    for (int i = 0; i < 200_000; i++) {
      float f = (float) ((rnd.nextDouble() * 2 - 1) * Math.pow(2, rnd.nextInt(30) - 14));
      if (Math.abs(f) < Float16.MIN_NORMAL) {
        continue;
      }
      double back = Float16.halfToFloat(Float16.floatToHalf(f));
      assertTrue(Math.abs(back - f) <= Float16.UNIT_ROUNDOFF * Math.abs(f),
          () -> "seed " + seed + ": " + f + " -> " + back);
    }
  }

}

package dev.embedlab.eval.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HolmAndSampleSizeTest {
  @Test
  void holmHandComputed() {
    // sorted 0.005*4=0.02, 0.01*3=0.03, 0.03*2=0.06, 0.04*1=0.04 -> monotone 0.06
    double[] adj = Holm.adjust(new double[] {0.01, 0.04, 0.03, 0.005});
    assertArrayEquals(new double[] {0.03, 0.06, 0.06, 0.02}, adj, 1e-15);
    assertArrayEquals(new boolean[] {true, false, false, true}, Holm.reject(new double[] {0.01, 0.04, 0.03, 0.005}, 0.05));
    assertArrayEquals(new double[] {1.0, 1.0}, Holm.adjust(new double[] {0.6, 0.9}), 0.0, "capped at 1");
    assertEquals(0, Holm.adjust(new double[0]).length);
    assertThrows(IllegalArgumentException.class, () -> Holm.adjust(new double[] {1.2}));
  }

  @Test
  void the384Case() {
    // scipy: norm.ppf(0.975)**2 * 0.25 / 0.05**2 = 384.14588206941255
    assertEquals(384.14588206941255, SampleSize.proportionMargin(0.5, 0.05, 0.95), 1e-9);
    assertEquals(385, SampleSize.proportionMarginCeil(0.5, 0.05, 0.95));
    assertEquals(384, Math.round(SampleSize.proportionMargin(0.5, 0.05, 0.95)), "the quoted 384 is round-to-nearest");
    // 384 observations miss the ±5% margin slightly
    assertTrue(SampleSize.z(0.975) * Math.sqrt(0.25 / 384) > 0.05);
  }

  @Test
  void twoProportionsMatchesFormulaComputedWithScipy() {
    // (za*sqrt(2*pb*qb)+zb*sqrt(p1q1+p2q2))^2/d^2 via scipy: 387.3385..., 3840.847...
    assertEquals(388, SampleSize.twoProportionsPerArm(0.5, 0.6, 0.05, 0.8));
    assertEquals(3841, SampleSize.twoProportionsPerArm(0.10, 0.12, 0.05, 0.8));
    assertEquals(SampleSize.twoProportionsPerArm(0.6, 0.5, 0.05, 0.8), SampleSize.twoProportionsPerArm(0.5, 0.6, 0.05, 0.8));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SampleSize.twoProportionsPerArm(0.5, 0.5, 0.05, 0.8));
    assertTrue(e.getMessage().contains("p1=p2=0.5"), e.getMessage());
  }

  @Test
  void pairedDifferenceMatchesFormulaAndInverts() {
    // ((za+zb)*0.3/0.05)^2 = 282.5596...; ((z.995+z.9)*0.25/0.02)^2 = 2324.904...
    assertEquals(283, SampleSize.pairedDifference(0.3, 0.05, 0.05, 0.8));
    assertEquals(2325, SampleSize.pairedDifference(0.25, 0.02, 0.01, 0.9));
    assertEquals(0.05, SampleSize.minimumDetectableDifference(0.3, 282, 0.05, 0.8), 2e-4);
    assertTrue(SampleSize.minimumDetectableDifference(0.3, 283, 0.05, 0.8) <= 0.05);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SampleSize.pairedDifference(0.3, 0.05, 1.5, 0.8));
    assertTrue(e.getMessage().contains("alpha=1.5"), e.getMessage());
  }
}

package dev.embedlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class VectorUtilTest {
  private static final long SEED = 42;

  @Test
  void dotMatchesDoubleReferenceAtTailSizes() {
    Random rnd = new Random(SEED);
    for (int n : new int[] {1, 2, 3, 4, 5, 13, 207, 1021}) {
      float[] a = new float[n];
      float[] b = new float[n];
      double ref = 0;
      for (int i = 0; i < n; i++) {
        a[i] = rnd.nextFloat() * 2 - 1;
        b[i] = rnd.nextFloat() * 2 - 1;
        ref += (double) a[i] * b[i];
      }
      assertEquals(ref, VectorUtil.dot(a, b), 1e-5 * Math.max(1, n / 100.0), "n=" + n + " seed=" + SEED);
    }
  }

  @Test
  void selfCosineIsOneAndNormalisedHasUnitNorm() {
    float[] v = {3f, -4f, 12f};
    assertEquals(1.0, VectorUtil.cosine(v, v), 1e-12);
    assertEquals(13.0, VectorUtil.norm(v), 1e-12);
    assertEquals(1.0, VectorUtil.norm(VectorUtil.normalized(v)), 1e-6);
  }

  @Test
  void zeroVectorStaysZeroAndHasZeroCosine() {
    float[] z = new float[4];
    VectorUtil.normalizeInPlace(z);
    assertEquals(0.0, VectorUtil.norm(z));
    assertEquals(0.0, VectorUtil.cosine(z, new float[] {1, 0, 0, 0}));
  }

  @Test
  void largeValuesDoNotOverflowNorm() {
    float[] v = new float[4096];
    java.util.Arrays.fill(v, 1e30f);
    float[] u = VectorUtil.normalized(v);
    assertEquals(1.0, VectorUtil.norm(u), 1e-5);
  }

  @Test
  void dimensionMismatchMessageNamesBoth() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> VectorUtil.dot(new float[384], new float[768]));
    assertEquals("vector dimensions differ: 384!=768", e.getMessage());
    IllegalArgumentException r =
        assertThrows(IllegalArgumentException.class, () -> VectorUtil.checkRows(new float[][] {new float[3], new float[2]}, 3));
    assertTrue(r.getMessage().contains("rows[1]"), r.getMessage());
  }

  @Test
  void squareDistanceAgreesWithDefinition() {
    float[] a = {1, 2, 3};
    float[] b = {4, 6, 3};
    assertEquals(25f, VectorUtil.squareDistance(a, b));
  }

  @Test
  void checkTextsNamesNullIndex() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Embedders.checkTexts(java.util.Arrays.asList("a", null), Embedder.Role.QUERY));
    assertTrue(e.getMessage().contains("texts[1]"), e.getMessage());
  }
}

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

  @Test
  void subnormalVectorsNormaliseToUnitLength() {
    float[] tiny = {Float.MIN_VALUE, 0f};
    float[] n = VectorUtil.normalized(tiny);
    assertEquals(1f, n[0]);
    assertEquals(0f, n[1]);
    float[] small = {3 * Float.MIN_VALUE, 4 * Float.MIN_VALUE};
    float[] m = VectorUtil.normalized(small);
    assertEquals(1.0, VectorUtil.norm(m), 1e-6, "3-4-5 in subnormals");
    assertEquals(0.6f, m[0], 1e-6f);
  }

  @Test
  void nonFiniteValuesAreRefusedWhereTheyEnter() {
    assertEquals("a[1] must be finite; value=NaN",
        assertThrows(IllegalArgumentException.class, () -> VectorUtil.normalized(new float[] {1, Float.NaN}))
            .getMessage());
    assertEquals("b[0] must be finite; value=-Infinity", assertThrows(IllegalArgumentException.class,
        () -> VectorUtil.cosine(new float[] {1}, new float[] {Float.NEGATIVE_INFINITY})).getMessage());
    String m = assertThrows(IllegalArgumentException.class,
        () -> VectorUtil.checkFiniteRows(new float[][] {{1, 0}, {3e38f, 0}}, 2, "docs")).getMessage();
    assertEquals("docs[1] has L2 norm 3.0E38; at most 2^63 is admitted so that scores stay finite", m);
    assertEquals("vector dimensions differ: q[0] has 3; expected 2", assertThrows(IllegalArgumentException.class,
        () -> VectorUtil.checkFiniteRows(new float[][] {{1, 2, 3}}, 2, "q")).getMessage());
    // At the bound, the worst dot product is still finite.
    float big = (float) (VectorUtil.MAX_NORM / Math.sqrt(4));
    float[] v = {big, big, big, big};
    VectorUtil.checkFinite(v, "v");
    assertTrue(Float.isFinite(VectorUtil.dotUnchecked(v, v)), "dot at the norm bound");
  }
}

package dev.embedlab.compress;

import dev.embedlab.core.retrieval.Similarity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ProductQuantizerTest {

  static float[][] gaussian(int n, int dim, long seed) {
    Random rnd = new Random(seed);
    float[][] x = new float[n][dim];
    for (float[] row : x) {
      for (int i = 0; i < dim; i++) {
        row[i] = (float) rnd.nextGaussian();
      }
    }
    return x;
  }

  @Test
  void asManyCentroidsAsPointsReconstructsExactly() {
    for (int bits : new int[] {1, 4, 8}) {
      for (long seed : new long[] {1, 2, 3}) {
        int n = 1 << bits;
        float[][] x = gaussian(n, 12, seed * 31 + bits);
        ProductQuantizer pq = ProductQuantizer.builder(12).subspaces(4).bits(bits).seed(seed).build();
        pq.fit(x);
        for (float[] v : x) {
          assertArrayEquals(v, pq.decode(pq.encode(v)), "bits=" + bits + " seed=" + seed);
        }
        assertEquals(0.0, pq.reconstructionError(x), 0.0);
      }
    }
  }

  @Test
  void adcScoreEqualsSimilarityWithDecodedVector() {
    float[][] x = gaussian(500, 16, 5);
    for (int bits : new int[] {3, 8}) {
      ProductQuantizer pq = ProductQuantizer.builder(16).subspaces(8).bits(bits).seed(9).build();
      pq.fit(x);
      float[] q = gaussian(1, 16, 77)[0];
      QueryScorer dot = pq.scorer(q, Similarity.DOT_PRODUCT);
      QueryScorer l2 = pq.scorer(q, Similarity.NEGATIVE_SQUARED_L2);
      for (int i = 0; i < 50; i++) {
        byte[] code = pq.encode(x[i]);
        float[] y = pq.decode(code);
        double d2 = 0;
        for (int t = 0; t < 16; t++) {
          d2 += (q[t] - y[t]) * (q[t] - y[t]);
        }
        assertEquals(Synthetic.dot(q, y), dot.score(code, 0), 1e-4);
        assertEquals(-d2, l2.score(code, 0), 1e-4);
      }
    }
  }

  @Test
  void encodingPicksTheNearestCentroidPerSubspace() {
    float[][] x = gaussian(300, 6, 8);
    ProductQuantizer pq = ProductQuantizer.builder(6).subspaces(3).bits(4).seed(1).build();
    pq.fit(x);
    for (float[] v : x) {
      float[] y = pq.decode(pq.encode(v));
      for (int s = 0; s < 3; s++) {
        double chosen = 0;
        for (int t = 0; t < 2; t++) {
          chosen += Math.pow(v[2 * s + t] - y[2 * s + t], 2);
        }
        for (int j = 0; j < 16; j++) {
          float[] c = pq.centroid(s, j);
          double d = Math.pow(v[2 * s] - c[0], 2) + Math.pow(v[2 * s + 1] - c[1], 2);
          assertTrue(chosen <= d + 1e-6, "sub-space " + s + " centroid " + j);
        }
      }
    }
  }

  @Test
  void trainingIsDeterministicAcrossThreadCounts() {
    float[][] x = gaussian(400, 16, 21);
    ProductQuantizer a = ProductQuantizer.builder(16).subspaces(8).bits(5).seed(4).threads(1).build();
    ProductQuantizer b = ProductQuantizer.builder(16).subspaces(8).bits(5).seed(4).threads(2).build();
    a.fit(x);
    b.fit(x);
    for (float[] v : x) {
      assertArrayEquals(a.encode(v), b.encode(v));
    }
  }

  @Test
  void moreBitsLowerTheError() {
    float[][] x = gaussian(1021, 8, 3);
    double previous = Double.MAX_VALUE;
    for (int bits = 1; bits <= 8; bits++) {
      ProductQuantizer pq = ProductQuantizer.builder(8).subspaces(2).bits(bits).seed(2).build();
      pq.fit(x);
      double err = pq.reconstructionError(x);
      assertTrue(err < previous, "bits=" + bits + " err=" + err + " previous=" + previous);
      assertEquals((2 * bits + 7) / 8, pq.bytesPerVector());
      previous = err;
    }
  }

  /** Vectors whose variance sits in a few directions mixed across all coordinates. */
  static float[][] correlated(int n, int dim, long seed) {
    Random rnd = new Random(seed);
    float[][] mix = gaussian(dim, dim, seed + 1);
    float[][] x = new float[n][dim];
    for (float[] row : x) {
      double[] z = new double[dim];
      for (int i = 0; i < dim; i++) {
        z[i] = rnd.nextGaussian() * (i < 4 ? 3.0 : 0.1);
      }
      for (int j = 0; j < dim; j++) {
        double s = 0;
        for (int i = 0; i < dim; i++) {
          s += z[i] * mix[i][j];
        }
        row[j] = (float) s;
      }
    }
    return x;
  }

  @Test
  void opqRotationIsOrthogonalLowersErrorAndKeepsAdcExact() {
    float[][] x = correlated(600, 16, 12);
    ProductQuantizer pq = ProductQuantizer.builder(16).subspaces(4).bits(4).seed(3).build();
    ProductQuantizer opq = ProductQuantizer.builder(16).subspaces(4).bits(4).seed(3).opqIterations(8).build();
    pq.fit(x);
    opq.fit(x);
    assertEquals("opq(m=4,bits=4)", opq.id());
    double ePq = pq.reconstructionError(x);
    double eOpq = opq.reconstructionError(x);
    assertTrue(eOpq < ePq, "OPQ error " + eOpq + " should be below PQ error " + ePq);
    // decode(encode(·)) goes through R and Rᵀ: an orthogonal R keeps norms of the decoded centroids
    float[] q = x[7];
    QueryScorer dot = opq.scorer(q, Similarity.DOT_PRODUCT);
    QueryScorer l2 = opq.scorer(q, Similarity.NEGATIVE_SQUARED_L2);
    for (int i = 0; i < 40; i++) {
      byte[] code = opq.encode(x[i]);
      float[] y = opq.decode(code);
      double d2 = 0;
      for (int t = 0; t < 16; t++) {
        d2 += (q[t] - y[t]) * (q[t] - y[t]);
      }
      assertEquals(Synthetic.dot(q, y), dot.score(code, 0), 1e-3 * (1 + Math.abs(Synthetic.dot(q, y))));
      assertEquals(-d2, l2.score(code, 0), 1e-3 * (1 + d2));
    }
    // orthogonality: R·Rᵀ = I, checked through the decoder on basis vectors' images
    float[] r = new float[16 * 16];
    for (int i = 0; i < 16; i++) {
      float[] e = new float[16];
      e[i] = 1f;
      System.arraycopy(Rotation.apply(e, rotationOf(opq), 16), 0, r, i * 16, 16);
    }
    for (int a = 0; a < 16; a++) {
      for (int b = 0; b < 16; b++) {
        double s = 0;
        for (int t = 0; t < 16; t++) {
          s += (double) r[a * 16 + t] * r[b * 16 + t];
        }
        assertEquals(a == b ? 1.0 : 0.0, s, FLOAT_ORTHOGONALITY_TOLERANCE, "(R·Rᵀ)[" + a + "][" + b + "]");
      }
    }
    assertTrue(Rotation.orthonormalityError(rotationOf(opq), 16, 16) <= FLOAT_ORTHOGONALITY_TOLERANCE);
  }

  /**
   * R is orthogonal in double (SVD) and then rounded to float: each entry carries a relative error
   * of at most 2⁻²⁴, so by Cauchy–Schwarz over unit rows {@code |(R·Rᵀ)_ab - δ_ab| <= 2·2⁻²⁴ + 2⁻⁴⁸
   * ≈ 1.2e-7} (products and sums here are in double). 1e-6 leaves an eightfold margin and is still
   * 100 times tighter than the 1.2e-4 the old LAPACK-eigen Procrustes reached on some CPUs.
   */
  private static final double FLOAT_ORTHOGONALITY_TOLERANCE = 1e-6;

  private static float[] rotationOf(ProductQuantizer pq) {
    try {
      java.lang.reflect.Field f = ProductQuantizer.class.getDeclaredField("rotation");
      f.setAccessible(true);
      return (float[]) f.get(pq);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void invalidConfigurationsAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ProductQuantizer.builder(10).subspaces(3));
    assertEquals("subspaces must be >= 1 and divide dimension 10; subspaces=3", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ProductQuantizer.builder(8).bits(9));
    ProductQuantizer pq = ProductQuantizer.builder(8).subspaces(2).bits(8).build();
    e = assertThrows(IllegalArgumentException.class, () -> pq.fit(gaussian(255, 8, 1)));
    assertEquals("training must hold >= 2^bits=256 vectors for pq(m=2,bits=8); training.length=255",
        e.getMessage());
  }
}

package dev.embedlab.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KMeansTest {

  @Test
  void fourPointKernelAgreesWithSinglePointKernel() {
    Random rnd = new Random(31);
    for (int[] shape : new int[][] {{1, 1}, {3, 13}, {8, 256}, {7, 33}}) {
      int dim = shape[0];
      int k = shape[1];
      float[] c = new float[k * dim];
      for (int i = 0; i < c.length; i++) {
        c[i] = (float) rnd.nextGaussian();
      }
      float[] t = new float[k * dim];
      KMeans.transpose(c, 0, k, dim, t, 0);
      float[] norms = new float[k];
      KMeans.squaredNorms(c, k, dim, norms);
      float[] x = new float[4 * dim];
      float[][] d = new float[4][k];
      int[] out = new int[4];
      for (int trial = 0; trial < 50; trial++) {
        for (int i = 0; i < x.length; i++) {
          x[i] = (float) rnd.nextGaussian();
        }
        KMeans.nearest4(x, 0, dim, KMeans.rows(t, dim, k), norms, k, d[0], d[1], d[2], d[3], out);
        for (int p = 0; p < 4; p++) {
          int single = KMeans.nearest(x, p * dim, dim, t, 0, norms, 0, k, new float[k]);
          assertEquals(single, out[p], "dim=" + dim + " k=" + k);
          // and it is the true nearest by direct distance (ties aside)
          int brute = 0;
          double bd = Double.MAX_VALUE;
          for (int j = 0; j < k; j++) {
            double dd = KMeans.sqDist(x, p * dim, c, j * dim, dim);
            if (dd < bd) {
              bd = dd;
              brute = j;
            }
          }
          assertEquals(bd, KMeans.sqDist(x, p * dim, c, single * dim, dim), 1e-4);
        }
      }
    }
  }

  @Test
  void centroidsDoNotDependOnTheThreadCount() {
    int n = 4099; // ranges of points for 1, 2 and 3 threads, with a tail that is not a multiple of 4
    int dim = 7;
    float[] x = new float[n * dim];
    Random rnd = new Random(11);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian() + (i / dim % 5) * 3f;
    }
    float[] one = KMeans.fit(x, n, dim, 13, 25, new Random(3), 1);
    for (int threads : new int[] {2, 3}) {
      assertArrayEquals(one, KMeans.fit(x, n, dim, 13, 25, new Random(3), threads), "threads " + threads);
    }
  }

  @Test
  void blasScreenedAssignmentsGiveTheSameCentroids() {
    org.junit.jupiter.api.Assumptions.assumeTrue(dev.embedlab.compress.internal.Nd4jSupport.isAvailable(),
        () -> "ND4J's native backend is not usable here: " + dev.embedlab.compress.internal.Nd4jSupport.unavailableReason());
    int n = 6001; // 6001 × 64 centroids × 64 dims: above the size where the screening starts
    int dim = 64;
    float[] x = new float[n * dim];
    Random rnd = new Random(13);
    for (int i = 0; i < n; i++) {
      if (i % 7 == 6) { // duplicates and one-ulp neighbours: ties and near-ties between centroids
        System.arraycopy(x, (i - 1) * dim, x, i * dim, dim);
        x[i * dim + i % dim] = Math.nextUp(x[i * dim + i % dim]);
      } else {
        for (int d = 0; d < dim; d++) {
          x[i * dim + d] = (float) rnd.nextGaussian() * (d % 3 == 0 ? 1f : 0.05f) + (i % 11);
        }
      }
    }
    for (int threads : new int[] {1, 2}) {
      float[] plain = KMeans.fit(x, n, dim, 64, 12, new Random(5), threads, false);
      float[] screened = KMeans.fit(x, n, dim, 64, 12, new Random(5), threads, true);
      assertArrayEquals(plain, screened, "threads " + threads);
    }
  }

  @Test
  void fourRowDistancesEqualTheOneRowDistanceBitForBit() {
    Random rnd = new Random(5);
    for (int[] shape : new int[][] {{1, 1}, {3, 7}, {384, 9}, {33, 4}}) {
      int dim = shape[0];
      int n = shape[1];
      float[] x = new float[n * dim];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(7) - 3)); // mixed magnitudes
      }
      double[] got = new double[n];
      for (int pivot = 0; pivot < n; pivot++) {
        KMeans.sqDistAll(x, 0, n, dim, x, pivot * dim, got);
        for (int i = 0; i < n; i++) {
          assertEquals(KMeans.sqDist(x, i * dim, x, pivot * dim, dim), got[i], 0.0,
              "dim " + dim + " row " + i + " pivot " + pivot);
        }
      }
    }
  }

  @Test
  void seedingFromASampleAndTheEarlyStopAreTheirOwnDefinitions() {
    Random data = new Random(5);
    int n = 4099; // over 3·1024 points, so that 3 threads split the Lloyd assignments
    int dim = 13;
    int k = 16;
    float[] x = new float[n * dim];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) data.nextGaussian() + (i / dim) % 7;
    }
    // every row to seed from and no early stop: exactly the older overload
    assertArrayEquals(KMeans.fit(x, n, dim, k, 12, new Random(3), 1, true),
        KMeans.fit(x, n, dim, k, 12, new Random(3), 1, true, n, 0));
    // seeding from 64 rows: each centre is one of the rows, and threads change nothing
    float[] seeds = KMeans.fit(x, n, dim, k, 0, new Random(3), 1, true, 64, 0);
    for (int j = 0; j < k; j++) {
      boolean found = false;
      for (int i = 0; i < n && !found; i++) {
        found = Arrays.equals(Arrays.copyOfRange(seeds, j * dim, (j + 1) * dim),
            Arrays.copyOfRange(x, i * dim, (i + 1) * dim));
      }
      assertTrue(found, "centre " + j + " is a row of x");
    }
    assertArrayEquals(KMeans.fit(x, n, dim, k, 12, new Random(3), 1, true, 64, 10),
        KMeans.fit(x, n, dim, k, 12, new Random(3), 3, true, 64, 10));
    assertFalse(Arrays.equals(seeds, KMeans.fit(x, n, dim, k, 0, new Random(3), 1, true, n, 0)),
        "a sample of 64 rows seeds differently from all 4099 (seed 3)");
    // the first iteration moves all n points: stopping at <= n changes stops before any update
    assertArrayEquals(seeds, KMeans.fit(x, n, dim, k, 12, new Random(3), 1, true, 64, n));
    assertFalse(Arrays.equals(seeds, KMeans.fit(x, n, dim, k, 12, new Random(3), 1, true, 64, n - 1)));
  }

  @Test
  void tiledTransposeOfTheBlasProductsIsATranspose() {
    for (int[] shape : new int[][] {{1, 1}, {37, 70}, {64, 32}, {8192, 3}}) {
      int rows = shape[0];
      int k = shape[1];
      float[] raw = new float[rows * k];
      for (int i = 0; i < raw.length; i++) {
        raw[i] = i;
      }
      float[] g = new float[rows * k];
      Nd4jLinalg.Products.transpose(raw, rows, k, g);
      for (int r = 0; r < rows; r++) {
        for (int j = 0; j < k; j++) {
          assertEquals(raw[j * rows + r], g[r * k + j], 0f, rows + "x" + k + " at " + r + "," + j);
        }
      }
    }
  }

  @Test
  void argminTakesTheLowestIndexOfTies() {
    assertEquals(1, KMeans.argmin(new float[] {3f, 1f, 2f, 1f}, 4));
    assertEquals(0, KMeans.argmin(new float[] {5f}, 1));
    assertEquals(2, KMeans.argmin(new float[] {0f, 0f, -1f, 9f}, 3));
  }
}

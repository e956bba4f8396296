package dev.embedlab.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.embedlab.core.VectorUtil;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The build's assignment kernel picks the list the one-pair-at-a-time definition picks, ties and rounding included. */
class CentroidTableTest {

  /** The definition: largest {@code dotUnchecked(v, c) - halfNorm} in double, lowest index on a tie. */
  private static int reference(float[] v, float[][] centroids, double[] halfNorms) {
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < centroids.length; c++) {
      double s = VectorUtil.dotUnchecked(v, centroids[c]) - halfNorms[c];
      if (s > bestScore) {
        bestScore = s;
        best = c;
      }
    }
    return best;
  }

  private static double[] halfNorms(float[][] centroids) {
    double[] h = new double[centroids.length];
    for (int c = 0; c < centroids.length; c++) {
      double s = 0;
      for (float x : centroids[c]) {
        s += (double) x * x;
      }
      h[c] = s / 2;
    }
    return h;
  }

  private static void check(float[][] rows, float[][] centroids, double[] halfNorms, String what) {
    int[] got = new int[rows.length];
    CentroidTable table = new CentroidTable(centroids, halfNorms);
    table.nearest(rows, 0, rows.length, got);
    for (int i = 0; i < rows.length; i++) {
      assertEquals(reference(rows[i], centroids, halfNorms), got[i], what + ", row " + i);
    }
    // a range that starts off a multiple of four and ends in a tail
    if (rows.length > 2) {
      int[] part = new int[rows.length];
      table.nearest(rows, 1, rows.length, part);
      for (int i = 1; i < rows.length; i++) {
        assertEquals(got[i], part[i], what + ", row " + i + " of the range from 1");
      }
    }
  }

  @Test
  void sameListAsTheDefinitionForEveryShape() {
    Random rnd = new Random(20);
    for (int dim : new int[] {1, 3, 4, 13, 16, 383, 384}) {
      for (int nlist : new int[] {2, 5, 64, 256}) {
        for (int n : new int[] {1, 3, 4, 13, 207}) {
          float[][] centroids = new float[nlist][dim];
          for (float[] c : centroids) {
            for (int d = 0; d < dim; d++) {
              c[d] = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(5) - 2)); // mixed magnitudes
            }
          }
          float[][] rows = new float[n][dim];
          for (float[] r : rows) {
            float[] near = centroids[rnd.nextInt(nlist)];
            for (int d = 0; d < dim; d++) {
              r[d] = near[d] + (float) rnd.nextGaussian() * 0.3f;
            }
          }
          check(rows, centroids, halfNorms(centroids), "dim " + dim + " nlist " + nlist + " rows " + n);
        }
      }
    }
  }

  @Test
  void exactTiesGoToTheLowestListAndOneUlpApartIsDecidedByRounding() {
    Random rnd = new Random(7);
    for (int dim : new int[] {5, 16, 384}) {
      float[] base = new float[dim];
      for (int d = 0; d < dim; d++) {
        base[d] = (float) rnd.nextGaussian();
      }
      // 64 centroids: copies of one vector (exact ties), most nudged by one ulp in a few components,
      // so which is largest is decided by the last bits of each product, in dotUnchecked's order
      float[][] centroids = new float[64][];
      for (int c = 0; c < 64; c++) {
        centroids[c] = base.clone();
        if (c % 3 != 0) {
          for (int t = 0; t < 3; t++) {
            int d = rnd.nextInt(dim);
            centroids[c][d] = rnd.nextBoolean() ? Math.nextUp(centroids[c][d]) : Math.nextDown(centroids[c][d]);
          }
        }
      }
      float[][] rows = new float[101][dim];
      for (float[] r : rows) {
        for (int d = 0; d < dim; d++) {
          r[d] = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(7) - 3));
        }
      }
      check(rows, centroids, new double[64], "dim " + dim + ", products only");
      check(rows, centroids, halfNorms(centroids), "dim " + dim + ", with norms");
      float[][] twins = {base, base.clone(), base.clone()};
      int[] got = new int[1];
      new CentroidTable(twins, halfNorms(twins)).nearest(new float[][] {base}, 0, 1, got);
      assertEquals(0, got[0], "exact tie: the lowest list");
    }
  }
}

package dev.embedlab.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.embedlab.compress.internal.Nd4jSupport;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The BLAS products, fed through {@code NativeMatrices}' bulk copies, equal their definitions. */
class Nd4jLinalgTest {

  @Test
  void productsEqualTheirDefinitions() {
    Assumptions.assumeTrue(Nd4jSupport.isAvailable(), "ND4J's native backend is not usable here; skipping");
    long seed = 20261208L;
    Random rnd = new Random(seed);
    int n = 37;
    int d = 5;
    float[][] x = new float[n][d];
    float[][] y = new float[n][d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        x[i][j] = (float) rnd.nextGaussian();
        y[i][j] = (float) rnd.nextGaussian();
      }
    }
    float[] r = new float[d * d];
    for (int i = 0; i < r.length; i++) {
      r[i] = (float) rnd.nextGaussian();
    }
    double[] mu = {0.5, -0.25, 0, 1, 2};
    float[][] xr = Nd4jLinalg.multiply(x, r, d);
    double[][] xty = Nd4jLinalg.crossProduct(x, y, d);
    double[][] scatter = Nd4jLinalg.scatter(x, mu, d);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        double want = 0;
        for (int k = 0; k < d; k++) {
          want += (double) x[i][k] * r[k * d + j];
        }
        assertEquals(want, xr[i][j], 1e-4, "X·R [" + i + "][" + j + "] seed " + seed);
      }
    }
    for (int a = 0; a < d; a++) {
      for (int b = 0; b < d; b++) {
        double cross = 0;
        double sc = 0;
        for (int i = 0; i < n; i++) {
          cross += (double) x[i][a] * y[i][b];
          sc += (x[i][a] - mu[a]) * (x[i][b] - mu[b]);
        }
        assertEquals(cross, xty[a][b], 1e-9, "XᵀY [" + a + "][" + b + "] seed " + seed);
        assertEquals(sc, scatter[a][b], 1e-4, "scatter [" + a + "][" + b + "] seed " + seed);
      }
    }
  }
}

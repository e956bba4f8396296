package dev.embedlab.compress;

import dev.embedlab.compress.internal.Nd4jSupport;

/**
 * The large matrix products of OPQ and PCA: BLAS through ND4J where its native backend is usable
 * ({@link Nd4jSupport}), plain Java otherwise. Only these {@code O(n·d²)} products are delegated; the
 * small {@code d×d} decompositions are always Commons Math in double, so their results (orthogonality
 * of a rotation, eigenvectors of a covariance) do not depend on the BLAS build or its thread count.
 * The two paths differ only by the rounding of the sums (float for {@link #multiply}, double for
 * the others).
 */
final class Linalg {
  private Linalg() {}

  /** {@code X·R} for all rows, R row-major {@code [d][d]}. */
  static float[][] multiply(float[][] x, float[] r, int d) {
    if (Nd4jSupport.isAvailable()) {
      return Nd4jLinalg.multiply(x, r, d);
    }
    float[][] out = new float[x.length][];
    for (int i = 0; i < x.length; i++) {
      out[i] = Rotation.apply(x[i], r, d);
    }
    return out;
  }

  /** {@code Xᵀ·Y} in double, {@code [d][d]}. */
  static double[][] crossProduct(float[][] x, float[][] y, int d) {
    if (Nd4jSupport.isAvailable()) {
      return Nd4jLinalg.crossProduct(x, y, d);
    }
    double[][] m = new double[d][d];
    double[] yr = new double[d];
    for (int n = 0; n < x.length; n++) {
      float[] xn = x[n];
      float[] yn = y[n];
      for (int j = 0; j < d; j++) {
        yr[j] = yn[j];
      }
      for (int i = 0; i < d; i++) {
        double xi = xn[i];
        if (xi == 0) {
          continue;
        }
        double[] mi = m[i];
        for (int j = 0; j < d; j++) {
          mi[j] += xi * yr[j];
        }
      }
    }
    return m;
  }

  /** {@code Σ (x-μ)(x-μ)ᵀ} in double, {@code [d][d]} (symmetric). */
  static double[][] scatter(float[][] rows, double[] mu, int d) {
    if (Nd4jSupport.isAvailable()) {
      return Nd4jLinalg.scatter(rows, mu, d);
    }
    double[][] c = new double[d][d];
    double[] v = new double[d];
    for (float[] row : rows) {
      for (int i = 0; i < d; i++) {
        v[i] = row[i] - mu[i];
      }
      for (int i = 0; i < d; i++) { // upper triangle, row by row (vectorisable inner loop)
        double vi = v[i];
        double[] ci = c[i];
        for (int j = i; j < d; j++) {
          ci[j] += vi * v[j];
        }
      }
    }
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < i; j++) {
        c[i][j] = c[j][i];
      }
    }
    return c;
  }
}

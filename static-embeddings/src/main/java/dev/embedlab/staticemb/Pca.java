package dev.embedlab.staticemb;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Principal component analysis of the rows of a table, as scikit-learn's {@code PCA.fit_transform}
 * (model2vec's {@code apply_pca}): centre on the column means, project on the top {@code k}
 * eigenvectors of the covariance {@code C = (X - μ)ᵀ(X - μ) / (n - 1)}.
 *
 * <p>Deterministic: the covariance is accumulated in {@code double} in row order, the symmetric
 * eigendecomposition is Commons Math's (pure Java), and each component's sign is fixed so that its
 * largest-magnitude coordinate is positive (scikit-learn fixes signs too, by another rule, so
 * components may differ from sklearn's by a sign; similarities do not).
 */
final class Pca {
  private Pca() {}

  /**
   * Result: projected rows, the fraction of variance the kept components explain, and the fit
   * (column means and the {@code k} unit components) so other vectors can be projected the same way.
   */
  record Result(float[] projected, int dim, double explainedVarianceRatio, double[] mean, double[][] components) {
    /** {@code (v - mean) · components}: a vector of the fitted space in the projected coordinates. */
    float[] project(float[] v) {
      if (v.length != mean.length) {
        throw new IllegalArgumentException("vector length must be " + mean.length + "; length=" + v.length);
      }
      float[] out = new float[components.length];
      for (int i = 0; i < components.length; i++) {
        double[] c = components[i];
        double s = 0;
        for (int j = 0; j < c.length; j++) {
          s += (v[j] - mean[j]) * c[j];
        }
        out[i] = (float) s;
      }
      return out;
    }
  }

  /**
   * Projects the {@code n x d} row-major {@code x} onto its top {@code k} principal components
   * ({@code k <= d}).
   */
  static Result fitTransform(float[] x, int d, int k) {
    return fitTransform(x, d, k, true);
  }

  /**
   * As {@link #fitTransform(float[], int, int)}; with {@code centre} false the mean is taken as zero,
   * so the components are the top right singular vectors of {@code x} itself (the directions of the
   * second moment {@code XᵀX / (n - 1)}, the mean direction among them).
   */
  static Result fitTransform(float[] x, int d, int k, boolean centre) {
    if (d < 1 || x.length % d != 0) {
      throw new IllegalArgumentException("d must divide x.length; d=" + d + ", x.length=" + x.length);
    }
    int n = x.length / d;
    if (k < 1 || k > d) {
      throw new IllegalArgumentException("k must be in 1.." + d + "; k=" + k);
    }
    if (n < 2) {
      throw new IllegalArgumentException("PCA needs at least 2 rows; n=" + n);
    }
    double[] mean = new double[d];
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < d; j++) {
        mean[j] += x[r * d + j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] = centre ? mean[j] / n : 0;
    }
    // Upper triangle of the scatter matrix; row by row so the order of additions is fixed.
    double[][] cov = new double[d][d];
    double[] c = new double[d];
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < d; j++) {
        c[j] = x[r * d + j] - mean[j];
      }
      for (int a = 0; a < d; a++) {
        double ca = c[a];
        if (ca == 0) {
          continue;
        }
        double[] row = cov[a];
        for (int b = a; b < d; b++) {
          row[b] += ca * c[b];
        }
      }
    }
    double total = 0;
    for (int a = 0; a < d; a++) {
      for (int b = a; b < d; b++) {
        cov[a][b] /= (n - 1);
        cov[b][a] = cov[a][b];
      }
      total += cov[a][a];
    }
    RealMatrix m = new Array2DRowRealMatrix(cov, false);
    EigenDecomposition eig = new EigenDecomposition(m);
    double[] values = eig.getRealEigenvalues();
    Integer[] order = new Integer[d];
    for (int i = 0; i < d; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (p, q) -> {
      int cmp = Double.compare(values[q], values[p]);
      return cmp != 0 ? cmp : Integer.compare(p, q);
    });
    double[][] comp = new double[k][];
    double kept = 0;
    for (int i = 0; i < k; i++) {
      double[] v = eig.getEigenvector(order[i]).toArray();
      int arg = 0;
      for (int j = 1; j < d; j++) {
        if (Math.abs(v[j]) > Math.abs(v[arg])) {
          arg = j;
        }
      }
      if (v[arg] < 0) {
        for (int j = 0; j < d; j++) {
          v[j] = -v[j];
        }
      }
      comp[i] = v;
      kept += Math.max(0, values[order[i]]);
    }
    float[] out = new float[n * k];
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < d; j++) {
        c[j] = x[r * d + j] - mean[j];
      }
      for (int i = 0; i < k; i++) {
        double[] v = comp[i];
        double s = 0;
        for (int j = 0; j < d; j++) {
          s += c[j] * v[j];
        }
        out[r * k + i] = (float) s;
      }
    }
    return new Result(out, k, total > 0 ? kept / total : 1.0, mean, comp);
  }
}

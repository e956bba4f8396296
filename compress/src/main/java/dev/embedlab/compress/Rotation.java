package dev.embedlab.compress;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/** Orthogonal rotations for OPQ: application (row vector times matrix) and the Procrustes update. */
final class Rotation {
  private Rotation() {}

  static float[] identity(int d) {
    float[] r = new float[d * d];
    for (int i = 0; i < d; i++) {
      r[i * d + i] = 1f;
    }
    return r;
  }

  /** {@code y = x·R} for a row vector {@code x}, R row-major {@code [d][d]}. */
  static float[] apply(float[] x, float[] r, int d) {
    float[] y = new float[d];
    for (int i = 0; i < d; i++) {
      float xi = x[i];
      if (xi == 0f) {
        continue;
      }
      int o = i * d;
      for (int j = 0; j < d; j++) {
        y[j] += xi * r[o + j];
      }
    }
    return y;
  }

  /** {@code out = y·Rᵀ}, i.e. {@code out_i = Σ_j R[i][j]·y_j}. */
  static void applyTranspose(float[] y, float[] r, int d, float[] out) {
    for (int i = 0; i < d; i++) {
      int o = i * d;
      float s = 0f;
      for (int j = 0; j < d; j++) {
        s += r[o + j] * y[j];
      }
      out[i] = s;
    }
  }

  /** {@code X·R} for all rows (BLAS {@code sgemm} where ND4J is usable, see {@link Linalg}). */
  static float[][] apply(float[][] x, float[] r, int d) {
    return Linalg.multiply(x, r, d);
  }

  /**
   * The orthogonal {@code R} minimising {@code ||X·R - Y||_F} (orthogonal Procrustes, Schönemann
   * 1966): with {@code M = Xᵀ·Y = U·S·Vᵀ}, {@code R = U·Vᵀ}. {@code M} is accumulated in double; the
   * SVD of the small {@code d×d} matrix is Commons Math's, in double, so {@code R} is orthogonal to
   * double rounding whatever BLAS computed {@code M} (an earlier version formed
   * {@code M·V·S⁻¹·Vᵀ} from a LAPACK eigendecomposition of {@code MᵀM}, which lost orthogonality
   * to 1e-4 when {@code M} was ill-conditioned, and by how much depended on the BLAS threads).
   * Stored as float, {@code |R·Rᵀ - I|} is then at most about {@code 2·2⁻²⁴} per entry.
   */
  static float[] procrustes(float[][] x, float[][] y, int d) {
    double[][] m = Linalg.crossProduct(x, y, d);
    SingularValueDecomposition svd = new SingularValueDecomposition(new Array2DRowRealMatrix(m, false));
    double[][] r = svd.getU().multiply(svd.getVT()).getData();
    float[] out = new float[d * d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        out[i * d + j] = (float) r[i][j];
      }
    }
    return out;
  }

  /**
   * The largest {@code |(M·Mᵀ)_ab - δ_ab|} of a row-major {@code [rows][cols]} float matrix (products
   * and sums in double): 0 for exactly orthonormal rows; {@code NaN} when an entry is not finite.
   */
  static double orthonormalityError(float[] m, int rows, int cols) {
    double worst = 0;
    for (int a = 0; a < rows; a++) {
      for (int b = a; b < rows; b++) {
        double s = 0;
        for (int t = 0; t < cols; t++) {
          s += (double) m[a * cols + t] * m[b * cols + t];
        }
        double e = Math.abs(s - (a == b ? 1.0 : 0.0));
        if (Double.isNaN(e)) {
          return Double.NaN;
        }
        worst = Math.max(worst, e);
      }
    }
    return worst;
  }
}

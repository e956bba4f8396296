package dev.embedlab.compress;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

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

  /** {@code X·R} for all rows, one BLAS sgemm. */
  static float[][] apply(float[][] x, float[] r, int d) {
    INDArray xm = Nd4j.create(x);
    INDArray rm = Nd4j.create(r, new long[] {d, d}, 'c');
    return xm.mmul(rm).toFloatMatrix();
  }

  /**
   * The orthogonal {@code R} minimising {@code ||X·R - Y||_F}: with {@code M = Xᵀ·Y = U·S·Vᵀ},
   * {@code R = U·Vᵀ = M·V·S⁻¹·Vᵀ}, where {@code V, S²} come from the symmetric eigendecomposition of
   * {@code MᵀM} (double precision; singular values below {@code 1e-12·max} are treated as that floor).
   */
  static float[] procrustes(float[][] x, float[][] y, int d) {
    INDArray xm = Nd4j.create(x).castTo(DataType.DOUBLE);
    INDArray ym = Nd4j.create(y).castTo(DataType.DOUBLE);
    INDArray mm = xm.transpose().mmul(ym); // d×d
    INDArray mtm = mm.transpose().mmul(mm).dup('c');
    INDArray vals = Eigen.symmetricGeneralizedEigenvalues(mtm, true); // mtm now holds V (columns)
    double[] lambda = vals.castTo(DataType.DOUBLE).toDoubleVector();
    double max = 0;
    for (double l : lambda) {
      max = Math.max(max, l);
    }
    double floor = Math.max(max * 1e-24, Double.MIN_NORMAL);
    double[] inv = new double[d];
    for (int i = 0; i < d; i++) {
      inv[i] = 1.0 / Math.sqrt(Math.max(lambda[i], floor));
    }
    INDArray v = mtm;
    INDArray scaled = v.mulRowVector(Nd4j.createFromArray(inv)); // V·S⁻¹
    INDArray w = scaled.mmul(v.transpose()); // V·S⁻¹·Vᵀ
    INDArray r = mm.mmul(w);
    double[][] rd = r.toDoubleMatrix();
    float[] out = new float[d * d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        out[i * d + j] = (float) rd[i][j];
      }
    }
    return out;
  }
}

package dev.embedlab.compress;

import dev.embedlab.core.retrieval.Similarity;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;

/**
 * Principal component projection to {@code k} of {@code d} dimensions, stored as float32
 * ({@code 4k} bytes).
 *
 * <p>Fit (in double precision): mean {@code μ}; covariance {@code C = Σ (x-μ)(x-μ)ᵀ / (n-1)},
 * accumulated block by block with BLAS {@code dgemm} through ND4J where its native backend is usable,
 * in plain Java otherwise (the centred matrix is never held whole); symmetric eigendecomposition
 * {@code C = V Λ Vᵀ} with Commons Math's {@link EigenDecomposition} on the {@code d×d} matrix, so the
 * components do not depend on which BLAS (if any) is present. Components are the eigenvectors of the {@code k} largest eigenvalues, each with its
 * sign fixed so that its largest-magnitude entry is positive. Explained variance {@code λ_j} and ratio
 * {@code λ_j / trace(C)} equal scikit-learn's {@code PCA(n_components=k, svd_solver="full")}
 * {@code explained_variance_} and {@code explained_variance_ratio_} (since
 * {@code S²/(n-1)} are the eigenvalues of {@code C}).
 *
 * <p>Encode {@code z_j = v_jᵀ(x - μ)}, divided by {@code √λ_j} when whitening (scikit-learn's
 * {@code whiten=True}); decode {@code x̂ = μ + Σ_j z_j v_j} (times {@code √λ_j} when whitened), so
 * {@link #reconstructionError} is the variance not explained. Dot-product search uses
 * {@code q·x̂ = q·μ + Σ_j z_j (v_jᵀq)}: one projection per query, then {@code k} multiply-adds per code.
 * The mean, components and variances are saved by {@link #write}.
 */
public final class PcaCompressor implements TrainableCompressor {
  private final int dim;
  private final int k;
  private final boolean whiten;
  private float[] mean;
  /** [k][dim] row-major. */
  private float[] components;
  private double[] explainedVariance;
  private double totalVariance;

  /**
   * Keeps {@code components} principal components of {@code dimension}-d vectors.
   *
   * @throws IllegalArgumentException unless {@code 1 <= components <= dimension}
   */
  public PcaCompressor(int dimension, int components, boolean whiten) {
    CompressorFormat.checkDimension(dimension);
    if (components < 1 || components > dimension) {
      throw new IllegalArgumentException("components must be in [1, " + dimension + "]; components="
          + components);
    }
    this.dim = dimension;
    this.k = components;
    this.whiten = whiten;
  }

  @Override public CodecKind kind() { return CodecKind.PCA; }
  @Override public String id() { return "pca(" + k + (whiten ? ",whiten" : "") + ")"; }
  @Override public int dimension() { return dim; }
  @Override public int bytesPerVector() { return 4 * k; }
  @Override public boolean isTrained() { return components != null; }

  /** Number of components kept. */
  public int components() { return k; }

  /** Basis and mean ({@code (k+1)·d} floats) and the explained variances ({@code k} doubles). */
  @Override public long fixedBytes() { return 4L * (k + 1) * dim + 8L * k; }

  /** Whether codes are whitened (unit variance per component). */
  public boolean whiten() { return whiten; }

  @Override
  public void fit(float[][] training) {
    CompressorFormat.checkMatrix(training, dim, "training");
    int n = training.length;
    if (n < 2) {
      throw new IllegalArgumentException("training must hold >= 2 vectors for PCA; training.length=" + n);
    }
    if (k > n) {
      throw new IllegalArgumentException("components must be <= number of training vectors " + n
          + "; components=" + k);
    }
    double[] mu = new double[dim];
    for (float[] v : training) {
      for (int i = 0; i < dim; i++) {
        mu[i] += v[i];
      }
    }
    for (int i = 0; i < dim; i++) {
      mu[i] /= n;
    }
    double[][] cov = Linalg.scatter(training, mu, dim);
    double trace = 0;
    for (int i = 0; i < dim; i++) {
      for (int j = 0; j < dim; j++) {
        cov[i][j] /= n - 1;
      }
      trace += cov[i][i];
    }
    EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(cov, false));
    double[] lambda = eig.getRealEigenvalues();
    Integer[] order = new Integer[dim];
    for (int i = 0; i < dim; i++) {
      order[i] = i;
    }
    // largest eigenvalue first; equal eigenvalues keep Commons Math's order (stable sort)
    java.util.Arrays.sort(order, (a, b) -> Double.compare(lambda[b], lambda[a]));
    float[] comp = new float[k * dim];
    double[] ev = new double[k];
    for (int j = 0; j < k; j++) {
      int col = order[j];
      ev[j] = Math.max(0.0, lambda[col]);
      double[] vec = eig.getEigenvector(col).toArray();
      int argMax = 0;
      for (int i = 1; i < dim; i++) {
        if (Math.abs(vec[i]) > Math.abs(vec[argMax])) {
          argMax = i;
        }
      }
      double sign = vec[argMax] < 0 ? -1 : 1;
      for (int i = 0; i < dim; i++) {
        comp[j * dim + i] = (float) (sign * vec[i]);
      }
    }
    float[] meanF = new float[dim];
    for (int i = 0; i < dim; i++) {
      meanF[i] = (float) mu[i];
    }
    this.mean = meanF;
    this.explainedVariance = ev;
    this.totalVariance = trace;
    this.components = comp;
  }

  /** Variance along each kept component, {@code λ_1 >= λ_2 >= …} (a copy). */
  public double[] explainedVariance() {
    CompressorFormat.checkTrained(this);
    return explainedVariance.clone();
  }

  /** {@code λ_j / trace(C)} for each kept component (a copy); sums to at most 1. */
  public double[] explainedVarianceRatio() {
    CompressorFormat.checkTrained(this);
    double[] r = new double[k];
    for (int j = 0; j < k; j++) {
      r[j] = totalVariance > 0 ? explainedVariance[j] / totalVariance : 0;
    }
    return r;
  }

  /** Component {@code j} (unit length, largest-magnitude entry positive), a copy. */
  public float[] component(int j) {
    CompressorFormat.checkTrained(this);
    if (j < 0 || j >= k) {
      throw new IllegalArgumentException("j must be in [0, " + k + "); j=" + j);
    }
    return java.util.Arrays.copyOfRange(components, j * dim, (j + 1) * dim);
  }

  /** The training mean (a copy). */
  public float[] mean() {
    CompressorFormat.checkTrained(this);
    return mean.clone();
  }

  /** The {@code k} projected (and, if whitening, scaled) coordinates of {@code vector}. */
  public float[] transform(float[] vector) {
    CompressorFormat.checkTrained(this);
    CompressorFormat.checkVector(vector, dim, "vector");
    float[] z = new float[k];
    for (int j = 0; j < k; j++) {
      int o = j * dim;
      double s = 0;
      for (int i = 0; i < dim; i++) {
        s += components[o + i] * (vector[i] - mean[i]);
      }
      z[j] = (float) (whiten ? s / scale(j) : s);
    }
    return z;
  }

  private double scale(int j) {
    double s = Math.sqrt(explainedVariance[j]);
    return s > 0 ? s : 1.0;
  }

  @Override
  public void encode(float[] vector, byte[] dest, int offset) {
    CompressorFormat.checkRange(dest, offset, 4 * k);
    float[] z = transform(vector);
    for (int j = 0; j < k; j++) {
      TruncationCompressor.putFloat(dest, offset + 4 * j, z[j]);
    }
  }

  @Override
  public void decode(byte[] codes, int offset, float[] dest) {
    CompressorFormat.checkTrained(this);
    CompressorFormat.checkRange(codes, offset, 4 * k);
    System.arraycopy(mean, 0, dest, 0, dim);
    for (int j = 0; j < k; j++) {
      float z = TruncationCompressor.getFloat(codes, offset + 4 * j);
      if (whiten) {
        z = (float) (z * scale(j));
      }
      int o = j * dim;
      for (int i = 0; i < dim; i++) {
        dest[i] += z * components[o + i];
      }
    }
  }

  @Override
  public QueryScorer scorer(float[] query, Similarity similarity) {
    CompressorFormat.checkTrained(this);
    return CompressorFormat.scorer(this, query, similarity, this::dotScorer);
  }

  /** The dot-product scorer of a checked {@code query}. */
  private QueryScorer dotScorer(float[] query) {
    float[] qp = new float[k];
    for (int j = 0; j < k; j++) {
      double s = 0;
      for (int i = 0; i < dim; i++) {
        s += (double) components[j * dim + i] * query[i];
      }
      qp[j] = (float) (whiten ? s * scale(j) : s);
    }
    double base = 0;
    for (int i = 0; i < dim; i++) {
      base += (double) query[i] * mean[i];
    }
    float b = (float) base;
    return (codes, offset) -> {
      float s = b;
      for (int j = 0; j < k; j++) {
        s += qp[j] * TruncationCompressor.getFloat(codes, offset + 4 * j);
      }
      return s;
    };
  }

  @Override
  public void write(OutputStream out) throws IOException {
    CompressorFormat.writeTrained(out, this, data -> {
      data.writeInt(k);
      data.writeBoolean(whiten);
      data.writeDouble(totalVariance);
      data.writeInt(k);
      for (double v : explainedVariance) {
        data.writeDouble(v);
      }
      CompressorFormat.writeFloats(data, mean);
      CompressorFormat.writeFloats(data, components);
    });
  }

  static PcaCompressor readPayload(DataInputStream in, int dim) throws IOException {
    int k = in.readInt();
    boolean whiten = in.readBoolean();
    PcaCompressor p = new PcaCompressor(dim, k, whiten);
    double total = in.readDouble();
    int nev = in.readInt();
    if (nev != k) {
      throw new IOException("corrupt compressor file: PCA variances length must be " + k + "; length=" + nev);
    }
    double[] ev = new double[k];
    for (int j = 0; j < k; j++) {
      ev[j] = in.readDouble();
    }
    p.mean = CompressorFormat.readFloats(in, dim, "PCA mean");
    float[] comp = CompressorFormat.readFloats(in, k * dim, "PCA components");
    p.totalVariance = total;
    p.explainedVariance = ev;
    p.components = comp;
    return p;
  }

  /**
   * Checks the meaning of a loaded projection (the CRC only proves the bytes are intact): finite
   * mean, orthonormal components, variances finite, non-negative, non-increasing and not above the
   * total.
   */
  void checkLoaded() throws IOException {
    if (!(totalVariance >= 0) || Double.isInfinite(totalVariance)) {
      throw new IOException("corrupt compressor file: PCA total variance must be finite and >= 0; total="
          + totalVariance);
    }
    double sum = 0;
    for (int j = 0; j < k; j++) {
      double v = explainedVariance[j];
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new IOException("corrupt compressor file: PCA variance[" + j + "] must be finite and >= 0; variance["
            + j + "]=" + v);
      }
      if (j > 0 && v > explainedVariance[j - 1]) {
        throw new IOException("corrupt compressor file: PCA variances must be non-increasing; variance["
            + j + "]=" + v + " > variance[" + (j - 1) + "]=" + explainedVariance[j - 1]);
      }
      sum += v;
    }
    // the kept variances are the largest eigenvalues of C, whose sum is trace(C): relative slack for rounding
    if (sum > totalVariance * (1 + 1e-9) + Double.MIN_NORMAL) {
      throw new IOException("corrupt compressor file: PCA variances must sum to at most the total variance "
          + totalVariance + "; sum=" + sum);
    }
    CompressorFormat.checkFinite(mean, "PCA mean");
    CompressorFormat.checkOrthonormalRows(components, k, dim, "PCA components");
  }

  @Override public String toString() { return id() + "[dim=" + dim + ", trained=" + isTrained() + "]"; }
}

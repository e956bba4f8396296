package dev.embedlab.compress;

import dev.embedlab.compress.internal.NativeMatrices;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The BLAS ({@code sgemm}/{@code dgemm} through ND4J) versions of {@link Linalg}'s products. Every
 * ND4J reference of this module is here, so the class loads only after
 * {@link dev.embedlab.compress.internal.Nd4jSupport#isAvailable()} said yes.
 */
final class Nd4jLinalg {
  private static final int BLOCK_ROWS = 8192;

  private Nd4jLinalg() {}

  /**
   * The products {@code X·Cᵀ} of a fixed row-major matrix {@code X} ({@code n × dim}, copied into
   * ND4J once, in blocks of {@value #BLOCK_ROWS} rows) with changing matrices {@code C}
   * ({@code sgemm}); owns its native buffers until {@link #close()}.
   */
  static final class Products implements AutoCloseable {
    private final INDArray[] blocks;
    private final int n;
    private final int dim;
    /** The products of one block, row-major, and ND4J's column-major copy of them (both reused). */
    private float[] g;
    private float[] raw;

    Products(float[] x, int n, int dim) {
      this.n = n;
      this.dim = dim;
      this.blocks = new INDArray[(n + BLOCK_ROWS - 1) / BLOCK_ROWS];
      for (int b = 0; b < blocks.length; b++) {
        int rows = Math.min(BLOCK_ROWS, n - b * BLOCK_ROWS);
        blocks[b] = NativeMatrices.floats(x, b * BLOCK_ROWS * dim, rows, dim);
      }
    }

    /** Rows per block: {@link #times} hands the products over one block at a time. */
    static int blockRows() {
      return BLOCK_ROWS;
    }

    /**
     * For each block {@code b}, {@code sink} receives its first row and {@code g} with
     * {@code g[r·k + j] = x_{first+r} · c_j} (row-major, whatever order ND4J returned).
     */
    void times(float[] c, int k, BlockSink sink) {
      int size = Math.min(n, BLOCK_ROWS) * k;
      if (g == null || g.length < size) { // reused from one call (one Lloyd iteration) to the next
        g = new float[size];
        raw = new float[size];
      }
      try (INDArray cm = NativeMatrices.floats(c, 0, k, dim)) {
        for (int b = 0; b < blocks.length; b++) {
          int rows = (int) blocks[b].rows();
          try (INDArray p = blocks[b].mmul(cm.transpose())) {
            // read through the native buffer into arrays kept between calls: asFloat() would
            // allocate a new array of every product, for the garbage collector to reclaim
            java.nio.FloatBuffer out = p.data().asNioFloat();
            if (p.ordering() == 'c') {
              out.get(0, g, 0, rows * k);
            } else {
              out.get(0, raw, 0, rows * k);
              transpose(raw, rows, k, g);
            }
          }
          sink.accept(b * BLOCK_ROWS, rows, g);
        }
      }
    }

    /**
     * {@code g[r·k + j] = raw[j·rows + r]}, in tiles of 32 × 32 so that both sides stay within a few
     * cache lines per tile (one whole column at a time writes a new cache line for every entry).
     */
    static void transpose(float[] raw, int rows, int k, float[] g) {
      int tile = 32;
      for (int r0 = 0; r0 < rows; r0 += tile) {
        int r1 = Math.min(rows, r0 + tile);
        for (int j0 = 0; j0 < k; j0 += tile) {
          int j1 = Math.min(k, j0 + tile);
          for (int r = r0; r < r1; r++) {
            int go = r * k;
            for (int j = j0; j < j1; j++) {
              g[go + j] = raw[j * rows + r];
            }
          }
        }
      }
    }

    @Override
    public void close() {
      for (INDArray a : blocks) {
        a.close();
      }
    }

    int rows() {
      return n;
    }
  }

  /** Receives one block of products. */
  @FunctionalInterface
  interface BlockSink {
    void accept(int firstRow, int rows, float[] g);
  }

  /** {@code X·R} for all rows (one {@code sgemm}), R row-major {@code [d][d]}. */
  static float[][] multiply(float[][] x, float[] r, int d) {
    try (INDArray xm = NativeMatrices.rows(x, d); INDArray rm = NativeMatrices.floats(r, 0, d, d);
        INDArray p = xm.mmul(rm)) {
      return p.toFloatMatrix();
    }
  }

  /** {@code Xᵀ·Y} in double ({@code dgemm}), {@code [d][d]}. */
  static double[][] crossProduct(float[][] x, float[][] y, int d) {
    try (INDArray xf = NativeMatrices.rows(x, d); INDArray yf = NativeMatrices.rows(y, d);
        INDArray xm = xf.castTo(DataType.DOUBLE); INDArray ym = yf.castTo(DataType.DOUBLE);
        INDArray m = Nd4j.zeros(DataType.DOUBLE, d, d)) {
      Nd4j.gemm(xm, ym, m, true, false, 1.0, 0.0); // Xᵀ·Y without materialising Xᵀ
      return m.toDoubleMatrix();
    }
  }

  /** {@code Σ (x-μ)(x-μ)ᵀ} in double, block by block with {@code dgemm}, {@code [d][d]}. */
  static double[][] scatter(float[][] rows, double[] mu, int d) {
    int n = rows.length;
    try (INDArray cov = Nd4j.zeros(DataType.DOUBLE, d, d)) {
      double[] block = new double[Math.min(BLOCK_ROWS, n) * d];
      for (int start = 0; start < n; start += BLOCK_ROWS) {
        int count = Math.min(BLOCK_ROWS, n - start);
        for (int r = 0; r < count; r++) {
          float[] v = rows[start + r];
          int o = r * d;
          for (int i = 0; i < d; i++) {
            block[o + i] = v[i] - mu[i];
          }
        }
        try (INDArray b = NativeMatrices.doubles(block, count, d)) {
          Nd4j.gemm(b, b, cov, true, false, 1.0, 1.0);
        }
      }
      return cov.toDoubleMatrix();
    }
  }
}

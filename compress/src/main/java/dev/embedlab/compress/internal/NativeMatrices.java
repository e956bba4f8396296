package dev.embedlab.compress.internal;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The library's one way into ND4J's native memory: row-major matrices filled through their NIO view in
 * bulk copies ({@code Nd4j.create(float[]…)} and {@code Nd4j.create(float[][])} store element by
 * element, which showed in profiles of k-means). Used by exact search (eval) and PCA, OPQ and
 * k-means (compress). Load only after {@link Nd4jSupport#isAvailable()}; the caller owns (closes)
 * what it gets.
 */
public final class NativeMatrices {
  private NativeMatrices() {}

  /** An uninitialised {@code rows × cols} float matrix, row-major. */
  public static INDArray floats(int rows, int cols) {
    return Nd4j.createUninitialized(DataType.FLOAT, new long[] {rows, cols}, 'c');
  }

  /** {@code current} when it has that shape, else a new one ({@code current} closed). */
  public static INDArray reshaped(INDArray current, int rows, int cols) {
    if (current != null && current.rows() == rows && current.columns() == cols) {
      return current;
    }
    if (current != null) {
      current.close();
    }
    return floats(rows, cols);
  }

  /** A {@code rows × cols} matrix of the flat row-major {@code src} from {@code off}. */
  public static INDArray floats(float[] src, int off, int rows, int cols) {
    INDArray m = floats(rows, cols);
    m.data().asNioFloat().put(src, off, rows * cols);
    return m;
  }

  /** A matrix of rows {@code [start, start + rows)} of {@code src}, each {@code cols} long. */
  public static INDArray rows(float[][] src, int start, int rows, int cols) {
    INDArray m = floats(rows, cols);
    fill(m, src, start, rows);
    return m;
  }

  /** All of {@code src}'s rows ({@code cols} each) as a matrix. */
  public static INDArray rows(float[][] src, int cols) {
    return rows(src, 0, src.length, cols);
  }

  /** Overwrites {@code target} with rows {@code [start, start + rows)} of {@code src}, one bulk copy per row. */
  public static void fill(INDArray target, float[][] src, int start, int rows) {
    FloatBuffer fb = target.data().asNioFloat();
    fb.position(0);
    for (int r = 0; r < rows; r++) {
      fb.put(src[start + r]);
    }
  }

  /** A {@code rows × cols} double matrix of the first {@code rows·cols} values of {@code src}. */
  public static INDArray doubles(double[] src, int rows, int cols) {
    INDArray m = Nd4j.createUninitialized(DataType.DOUBLE, new long[] {rows, cols}, 'c');
    DoubleBuffer db = m.data().asNioDouble();
    db.put(src, 0, rows * cols);
    return m;
  }
}

package dev.embedlab.eval.search;

import dev.embedlab.compress.internal.NativeMatrices;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A corpus copied once into native blocks of {@code blockRows} rows for ND4J {@code gemm}, so that
 * each search against it copies only its queries (FAISS's {@code IndexFlat} likewise owns a copy of
 * what was added). Owned by the retriever that made it: {@link #close()} frees the
 * {@code 4·|D|·dim} native bytes. Read-only once built, so concurrent searches may share it. Loaded
 * only where ND4J's native backend works (see {@link BlasScorer}).
 */
final class NativeDocs implements AutoCloseable {
  private final int blockRows;
  private final INDArray[] blocks;

  NativeDocs(float[][] docs, int dim, int blockRows) {
    this.blockRows = blockRows;
    int n = (docs.length + blockRows - 1) / blockRows;
    this.blocks = new INDArray[n];
    try {
      for (int b = 0; b < n; b++) {
        int start = b * blockRows;
        int rows = Math.min(blockRows, docs.length - start);
        blocks[b] = NativeMatrices.rows(docs, start, rows, dim);
      }
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  /** The block that starts at document {@code start} and holds {@code rows} rows. */
  INDArray block(int start, int rows) {
    if (start % blockRows != 0 || blocks[start / blockRows].rows() != rows) {
      throw new IllegalStateException("native blocks hold " + blockRows + " rows from a multiple of "
          + blockRows + "; asked for " + rows + " rows from " + start);
    }
    return blocks[start / blockRows];
  }

  @Override
  public void close() {
    for (INDArray a : blocks) {
      if (a != null && !a.wasClosed()) {
        a.close();
      }
    }
  }
}

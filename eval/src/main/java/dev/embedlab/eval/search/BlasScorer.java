package dev.embedlab.eval.search;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Block scorer on ND4J {@code gemm}: {@code S = Q·Dᵀ} for one query block and one document block.
 *
 * <p>Native arrays are allocated once per block shape and refilled in place through their
 * {@link FloatBuffer} view (one bulk copy per row), so a search allocates O(block) native memory no
 * matter how large the corpus. Kept in its own class so that ND4J (≈ 3–6 s to initialise) is loaded
 * only when BLAS is actually used, and constructed only after
 * {@link dev.embedlab.compress.internal.Nd4jSupport#isAvailable()} said its native backend works (so no
 * {@link UnsatisfiedLinkError} can come from here). Not thread-safe; one per search.
 */
final class BlasScorer implements AutoCloseable {
  private final int dim;
  private INDArray queryBlock;
  private INDArray docBlock;
  private INDArray scoreBlock;
  private int loadedQueryStart = -1;
  private int loadedQueryRows = -1;

  BlasScorer(int dim) {
    this.dim = dim;
  }

  /** Copies rows {@code [start, start+rows)} of {@code docs} into the native document block. */
  void loadDocs(float[][] docs, int start, int rows) {
    docBlock = reshapeIfNeeded(docBlock, rows, dim);
    fill(docBlock, docs, start, rows);
  }

  /**
   * Computes the scores of query rows {@code [qStart, qStart+qRows)} against the loaded document
   * block into {@code out} (row-major, {@code qRows × docRows}).
   */
  void score(float[][] queries, int qStart, int qRows, float[] out) {
    if (qStart != loadedQueryStart || qRows != loadedQueryRows) {
      queryBlock = reshapeIfNeeded(queryBlock, qRows, dim);
      fill(queryBlock, queries, qStart, qRows);
      loadedQueryStart = qStart;
      loadedQueryRows = qRows;
    }
    long docRows = docBlock.rows();
    scoreBlock = reshapeIfNeeded(scoreBlock, qRows, (int) docRows);
    Nd4j.gemm(queryBlock, docBlock, scoreBlock, false, true, 1.0, 0.0);
    FloatBuffer fb = scoreBlock.data().asNioFloat();
    fb.position(0);
    fb.get(out, 0, (int) (qRows * docRows));
  }

  private static INDArray reshapeIfNeeded(INDArray current, int rows, int cols) {
    if (current != null && current.rows() == rows && current.columns() == cols) {
      return current;
    }
    if (current != null) {
      current.close();
    }
    return Nd4j.createUninitialized(DataType.FLOAT, new long[] {rows, cols}, 'c');
  }

  private static void fill(INDArray target, float[][] src, int start, int rows) {
    FloatBuffer fb = target.data().asNioFloat();
    fb.position(0);
    for (int r = 0; r < rows; r++) {
      fb.put(src[start + r]);
    }
  }

  @Override
  public void close() {
    for (INDArray a : new INDArray[] {queryBlock, docBlock, scoreBlock}) {
      if (a != null && !a.wasClosed()) {
        a.close();
      }
    }
    queryBlock = null;
    docBlock = null;
    scoreBlock = null;
  }
}

package dev.embedlab.eval.search;

import dev.embedlab.compress.internal.NativeMatrices;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Block scorer on ND4J {@code gemm}: {@code S = Q·Dᵀ} for one query block and one document block.
 *
 * <p>Document blocks come from a {@link NativeDocs} that a retriever holds for its corpus (copied to
 * native memory once), or, for a one-off search, are copied into one reused native block. Query and
 * score blocks are allocated once per block shape and refilled in place, so a search allocates
 * O(block) native memory of its own. Scores are not copied out as a block: the caller reads them a
 * row at a time ({@link #copyRow}), while the row is still in cache. Kept in its own class so that
 * ND4J (≈ 3–6 s to initialise) is loaded only when BLAS is actually used, and constructed only after
 * {@link dev.embedlab.compress.internal.Nd4jSupport#isAvailable()} said its native backend works (so no
 * {@link UnsatisfiedLinkError} can come from here). Not thread-safe; one per search.
 */
final class BlasScorer implements AutoCloseable {
  private final int dim;
  private final NativeDocs held;
  private INDArray queryBlock;
  private INDArray ownDocBlock;
  private INDArray docBlock;
  private INDArray scoreBlock;
  private FloatBuffer scores;
  private int docRows;
  private int loadedQueryStart = -1;
  private int loadedQueryRows = -1;

  /**
   * @param held the corpus's native blocks, or null to copy each document block in per search
   */
  BlasScorer(int dim, NativeDocs held) {
    this.dim = dim;
    this.held = held;
  }

  /** Makes rows {@code [start, start+rows)} of {@code docs} the current document block. */
  void loadDocs(float[][] docs, int start, int rows) {
    if (held != null) {
      docBlock = held.block(start, rows);
    } else {
      ownDocBlock = NativeMatrices.reshaped(ownDocBlock, rows, dim);
      NativeMatrices.fill(ownDocBlock, docs, start, rows);
      docBlock = ownDocBlock;
    }
    docRows = rows;
  }

  /** Computes the scores of query rows {@code [qStart, qStart+qRows)} against the current document block. */
  void score(float[][] queries, int qStart, int qRows) {
    if (qStart != loadedQueryStart || qRows != loadedQueryRows) {
      queryBlock = NativeMatrices.reshaped(queryBlock, qRows, dim);
      NativeMatrices.fill(queryBlock, queries, qStart, qRows);
      loadedQueryStart = qStart;
      loadedQueryRows = qRows;
    }
    scoreBlock = NativeMatrices.reshaped(scoreBlock, qRows, docRows);
    Nd4j.gemm(queryBlock, docBlock, scoreBlock, false, true, 1.0, 0.0);
    scores = scoreBlock.data().asNioFloat();
  }

  /** Copies the scores of query row {@code r} of the last {@link #score} into {@code dst[off..off+docRows)}. */
  void copyRow(int r, float[] dst, int off) {
    scores.get(r * docRows, dst, off, docRows);
  }

  @Override
  public void close() {
    for (INDArray a : new INDArray[] {queryBlock, ownDocBlock, scoreBlock}) {
      if (a != null && !a.wasClosed()) {
        a.close();
      }
    }
    queryBlock = null;
    ownDocBlock = null;
    docBlock = null;
    scoreBlock = null;
    scores = null;
  }
}

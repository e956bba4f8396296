package dev.embedlab.core.retrieval;

import dev.embedlab.core.VectorUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * The library's one exact float top-k: documents are read a block of rows at a time into a flat
 * row-major array ({@link RowSource}: a {@code float[][]}, a memory-mapped file, a Spark partition),
 * every query is scored against the block, and each score row goes into the one {@link TopK} per
 * query (trec_eval order). {@code ExactSearch} (eval, whose BLAS path computes the same products in
 * another summation order), {@code CompressedIndex.exactSearch} and its rescoring,
 * {@code MappedVectorRetriever} (store) and {@code SparkExactSearch} all score here.
 *
 * <p><b>Scores.</b> {@link Similarity#DOT_PRODUCT}: {@code Σ q[i]·d[i]}, each query row scored
 * against four documents at a time with four accumulators per pair, in exactly
 * {@link VectorUtil#dotUnchecked}'s summation order (chains by {@code i mod 4}, the tail into chain
 * 0, then {@code (s0+s1)+(s2+s3)}), so a score equals {@code VectorUtil.dot} bit for bit and does not
 * depend on block sizes or on a document's place in its group of four.
 * {@link Similarity#NEGATIVE_SQUARED_L2}: {@code -Σ (q[i]-d[i])²} in exactly
 * {@link VectorUtil#squareDistance}'s order. Other similarities are refused.
 *
 * <p><b>Memory.</b> {@code blockRows × dim} floats of document rows and {@code blockRows} scores per
 * query block, plus {@code k} hits per query: a corpus never needs to be on the heap.
 *
 * <p><b>Non-finite values.</b> The kernel does not scan the vectors; a NaN or infinite score is
 * refused by {@link TopK} naming the document. Callers validate vectors where they enter
 * ({@link VectorUtil#checkFiniteRows}).
 */
public final class ExactScan {
  /** Default document rows per block (512 × 384 floats = 768 KiB). */
  public static final int DEFAULT_BLOCK_ROWS = 512;

  private ExactScan() {}

  /** Document rows copied a block at a time into a flat row-major array. */
  @FunctionalInterface
  public interface RowSource {
    /**
     * Copies rows {@code [start, start + rows)} into {@code dst[0, rows·dim)}, row {@code r} at
     * {@code r·dim}.
     */
    void read(int start, int rows, float[] dst);

    /** The rows of a {@code float[][]} (every row of length {@code dim}). */
    static RowSource of(float[][] rows) {
      return (start, n, dst) -> {
        int off = 0;
        for (int r = start; r < start + n; r++) {
          System.arraycopy(rows[r], 0, dst, off, rows[r].length);
          off += rows[r].length;
        }
      };
    }
  }

  /**
   * The score of one pair under {@code sim}, equal bit for bit to what the block kernel computes.
   *
   * @throws IllegalArgumentException for a similarity other than DOT_PRODUCT or NEGATIVE_SQUARED_L2
   */
  public static float score(Similarity sim, float[] q, float[] x) {
    return switch (requireVectorSimilarity(sim)) {
      case DOT_PRODUCT -> VectorUtil.dotUnchecked(q, x);
      default -> -VectorUtil.squareDistance(q, x);
    };
  }

  /**
   * Checks that {@code sim} is a similarity of two vectors this kernel computes.
   *
   * @return {@code sim}
   * @throws IllegalArgumentException naming the value otherwise
   */
  public static Similarity requireVectorSimilarity(Similarity sim) {
    if (sim != Similarity.DOT_PRODUCT && sim != Similarity.NEGATIVE_SQUARED_L2) {
      throw new IllegalArgumentException("similarity must be DOT_PRODUCT or NEGATIVE_SQUARED_L2 for exact vector "
          + "scoring; similarity=" + sim);
    }
    return sim;
  }

  /**
   * Scores query rows {@code queries[qStart + r]}, {@code r ∈ [qFrom, qTo)}, against the
   * {@code dRows} document rows of {@code docs} (flat, row {@code j} at {@code j·dim}) into
   * {@code out[r·dRows + j]}.
   */
  public static void scoreBlock(Similarity sim, float[][] queries, int qStart, int qFrom, int qTo, float[] docs,
      int dRows, int dim, float[] out) {
    boolean dot = requireVectorSimilarity(sim) == Similarity.DOT_PRODUCT;
    for (int r = qFrom; r < qTo; r++) {
      float[] q = queries[qStart + r];
      int base = r * dRows;
      int j = 0;
      if (dot) {
        for (; j + 4 <= dRows; j += 4) {
          dot4(q, docs, j * dim, dim, out, base + j);
        }
        for (; j < dRows; j++) {
          out[base + j] = dot(q, docs, j * dim, dim);
        }
      } else {
        for (; j < dRows; j++) {
          out[base + j] = -squareDistance(q, docs, j * dim, dim);
        }
      }
    }
  }

  /**
   * Exact top-{@code k} of every query over {@code count} document rows.
   *
   * @param queries query vectors, each of length {@code dim}
   * @param queryIds one id per query (the rankings' query ids)
   * @param docs the document rows
   * @param docIds one id per document row ({@code count = docIds.length}); ties are broken by them
   * @param skip per query, a document index never returned (its own document), or -1; null: none
   * @return one ranking per query, input order, {@code min(k, count)} hits (one fewer when skipped)
   * @throws IllegalArgumentException on a query of another dimension, {@code k < 0}, mismatched
   *     lengths, an unsupported similarity, or a non-finite score (naming the document)
   */
  public static List<Ranking> search(float[][] queries, String[] queryIds, RowSource docs, String[] docIds, int dim,
      int k, Similarity sim, int blockRows, int[] skip) {
    TopK[] tops = scan(queries, docs, docIds, dim, k, sim, blockRows, skip);
    List<Ranking> out = new ArrayList<>(tops.length);
    for (int q = 0; q < tops.length; q++) {
      out.add(tops[q].toRanking(queryIds[q]));
    }
    return out;
  }

  /** As {@link #search}, returning the filled heaps (for callers that merge partial results). */
  public static TopK[] scan(float[][] queries, RowSource docs, String[] docIds, int dim, int k, Similarity sim,
      int blockRows, int[] skip) {
    requireVectorSimilarity(sim);
    if (blockRows < 1) {
      throw new IllegalArgumentException("blockRows must be >= 1; blockRows=" + blockRows);
    }
    if (skip != null && skip.length != queries.length) {
      throw new IllegalArgumentException("skip must have one entry per query; " + skip.length + "!=" + queries.length);
    }
    for (int q = 0; q < queries.length; q++) {
      if (queries[q] == null || queries[q].length != dim) {
        throw new IllegalArgumentException("vector dimensions differ: query " + q + " has "
            + (queries[q] == null ? "no vector" : queries[q].length) + ", the documents " + dim);
      }
    }
    int n = docIds.length;
    TopK[] tops = new TopK[queries.length];
    for (int q = 0; q < queries.length; q++) {
      tops[q] = new TopK(k, docIds);
    }
    if (n == 0 || queries.length == 0 || k == 0) {
      return tops;
    }
    int rows = Math.min(blockRows, n);
    float[] block = new float[rows * dim];
    float[] scores = new float[rows];
    for (int start = 0; start < n; start += rows) {
      int m = Math.min(rows, n - start);
      docs.read(start, m, block);
      for (int q = 0; q < queries.length; q++) {
        scoreBlock(sim, queries, q, 0, 1, block, m, dim, scores);
        int s = skip == null || skip[q] < 0 ? -1 : skip[q] - start;
        tops[q].offerScores(scores, 0, m, start, s >= 0 && s < m ? s : -1);
      }
    }
    return tops;
  }

  /** {@code q · b[off, off+dim)} in {@link VectorUtil#dotUnchecked}'s order. */
  private static float dot(float[] q, float[] b, int off, int dim) {
    float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
    int i = 0;
    for (int bound = dim & ~3; i < bound; i += 4) {
      s0 += q[i] * b[off + i];
      s1 += q[i + 1] * b[off + i + 1];
      s2 += q[i + 2] * b[off + i + 2];
      s3 += q[i + 3] * b[off + i + 3];
    }
    for (; i < dim; i++) {
      s0 += q[i] * b[off + i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /**
   * Four consecutive rows at {@code off} sharing the query, each summed as {@link #dot}: every
   * query element loaded serves four documents (sixteen accumulators in all).
   */
  private static void dot4(float[] q, float[] d, int off, int dim, float[] out, int o) {
    int o1 = off + dim;
    int o2 = o1 + dim;
    int o3 = o2 + dim;
    float a0 = 0f, a1 = 0f, a2 = 0f, a3 = 0f;
    float b0 = 0f, b1 = 0f, b2 = 0f, b3 = 0f;
    float c0 = 0f, c1 = 0f, c2 = 0f, c3 = 0f;
    float e0 = 0f, e1 = 0f, e2 = 0f, e3 = 0f;
    int i = 0;
    for (int bound = dim & ~3; i < bound; i += 4) {
      float q0 = q[i];
      float q1 = q[i + 1];
      float q2 = q[i + 2];
      float q3 = q[i + 3];
      a0 += q0 * d[off + i];
      a1 += q1 * d[off + i + 1];
      a2 += q2 * d[off + i + 2];
      a3 += q3 * d[off + i + 3];
      b0 += q0 * d[o1 + i];
      b1 += q1 * d[o1 + i + 1];
      b2 += q2 * d[o1 + i + 2];
      b3 += q3 * d[o1 + i + 3];
      c0 += q0 * d[o2 + i];
      c1 += q1 * d[o2 + i + 1];
      c2 += q2 * d[o2 + i + 2];
      c3 += q3 * d[o2 + i + 3];
      e0 += q0 * d[o3 + i];
      e1 += q1 * d[o3 + i + 1];
      e2 += q2 * d[o3 + i + 2];
      e3 += q3 * d[o3 + i + 3];
    }
    for (; i < dim; i++) {
      float qi = q[i];
      a0 += qi * d[off + i];
      b0 += qi * d[o1 + i];
      c0 += qi * d[o2 + i];
      e0 += qi * d[o3 + i];
    }
    out[o] = (a0 + a1) + (a2 + a3);
    out[o + 1] = (b0 + b1) + (b2 + b3);
    out[o + 2] = (c0 + c1) + (c2 + c3);
    out[o + 3] = (e0 + e1) + (e2 + e3);
  }

  /** {@code ||q - b[off, off+dim)||²} in {@link VectorUtil#squareDistance}'s order. */
  private static float squareDistance(float[] q, float[] b, int off, int dim) {
    float s0 = 0f, s1 = 0f;
    int i = 0;
    for (int bound = dim & ~1; i < bound; i += 2) {
      float d0 = q[i] - b[off + i];
      float d1 = q[i + 1] - b[off + i + 1];
      s0 += d0 * d0;
      s1 += d1 * d1;
    }
    for (; i < dim; i++) {
      float x = q[i] - b[off + i];
      s0 += x * x;
    }
    return s0 + s1;
  }
}

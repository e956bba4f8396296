package dev.embedlab.core.retrieval;

import dev.embedlab.core.Checks;
import dev.embedlab.core.VectorUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * The library's one exact float top-k: documents are taken a block of rows at a time
 * ({@link RowSource}: a {@code float[][]} without copying, a memory-mapped file decoded into scratch
 * rows, a Spark partition), every query is scored against the block, and each score row goes into the one {@link TopK} per
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
 * <p><b>Memory.</b> {@code blockRows} scores, {@code blockRows × dim} floats of decoded rows for a
 * decoding source (none for a {@code float[][]}), plus {@code k} hits per query: a corpus never
 * needs to be on the heap.
 *
 * <p><b>Non-finite values.</b> The kernel does not scan the vectors; a NaN or infinite score is
 * refused by {@link TopK} naming the document. Callers validate vectors where they enter
 * ({@link VectorUtil#checkFiniteRows}).
 */
public final class ExactScan {
  /** Default document rows per block (512 × 384 floats = 768 KiB). */
  public static final int DEFAULT_BLOCK_ROWS = 512;

  private ExactScan() {}

  /** Document rows, a block at a time. */
  @FunctionalInterface
  public interface RowSource {
    /**
     * Rows {@code [start, start + n)} as arrays of the documents' dimension: the source's own
     * arrays, or {@code scratch}'s filled with decoded copies.
     *
     * @param scratch at least {@code n} slots the source may fill (null slots it may allocate) and
     *     return; the caller keeps it between calls
     */
    float[][] rows(int start, int n, float[][] scratch);

    /** The rows of a {@code float[][]} themselves, no copy (every row of the documents' dimension). */
    static RowSource of(float[][] rows) {
      return (start, n, scratch) -> {
        System.arraycopy(rows, start, scratch, 0, n);
        return scratch;
      };
    }

    /**
     * Rows decoded by {@code reader} into the scratch arrays (a memory-mapped file, say), one row
     * per call.
     *
     * @param reader copies row {@code i} into {@code dst[0, dim)} when called as {@code read(i, 1, dst)}
     */
    static RowSource decoding(int dim, FlatReader reader) {
      return (start, n, scratch) -> {
        for (int r = 0; r < n; r++) {
          if (scratch[r] == null || scratch[r].length != dim) {
            scratch[r] = new float[dim];
          }
          reader.read(start + r, 1, scratch[r]);
        }
        return scratch;
      };
    }
  }

  /** Decodes rows into a flat row-major array (as {@code MappedVectors.readRows} does). */
  @FunctionalInterface
  public interface FlatReader {
    /** Copies rows {@code [start, start + n)} into {@code dst}, row {@code r} at {@code r·dim}. */
    void read(int start, int n, float[] dst);
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
   * Scores query rows {@code queries[qStart + r]}, {@code r ∈ [qFrom, qTo)}, against documents
   * {@code docs[dStart + j]}, {@code j ∈ [0, dRows)}, into {@code out[r·dRows + j]}.
   */
  public static void scoreBlock(Similarity sim, float[][] queries, int qStart, int qFrom, int qTo, float[][] docs,
      int dStart, int dRows, float[] out) {
    boolean dot = requireVectorSimilarity(sim) == Similarity.DOT_PRODUCT;
    for (int r = qFrom; r < qTo; r++) {
      float[] q = queries[qStart + r];
      int base = r * dRows;
      int j = 0;
      if (dot) {
        for (; j + 4 <= dRows; j += 4) {
          dot4(q, docs[dStart + j], docs[dStart + j + 1], docs[dStart + j + 2], docs[dStart + j + 3], out, base + j);
        }
        for (; j < dRows; j++) {
          out[base + j] = VectorUtil.dotUnchecked(q, docs[dStart + j]);
        }
      } else {
        for (; j < dRows; j++) {
          out[base + j] = -VectorUtil.squareDistance(q, docs[dStart + j]);
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
    Checks.atLeast("blockRows", blockRows, 1);
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
    float[][] scratch = new float[rows][];
    float[] scores = new float[rows];
    for (int start = 0; start < n; start += rows) {
      int m = Math.min(rows, n - start);
      float[][] block = docs.rows(start, m, scratch);
      for (int q = 0; q < queries.length; q++) {
        scoreBlock(sim, queries, q, 0, 1, block, 0, m, scores);
        int s = skip == null || skip[q] < 0 ? -1 : skip[q] - start;
        tops[q].offerScores(scores, 0, m, start, s >= 0 && s < m ? s : -1);
      }
    }
    return tops;
  }

  /**
   * Four pairs sharing the query, each summed as {@link VectorUtil#dotUnchecked}: every query
   * element loaded serves four documents (sixteen accumulators in all).
   */
  private static void dot4(float[] q, float[] d0, float[] d1, float[] d2, float[] d3, float[] out, int o) {
    int n = q.length;
    float a0 = 0f, a1 = 0f, a2 = 0f, a3 = 0f;
    float b0 = 0f, b1 = 0f, b2 = 0f, b3 = 0f;
    float c0 = 0f, c1 = 0f, c2 = 0f, c3 = 0f;
    float e0 = 0f, e1 = 0f, e2 = 0f, e3 = 0f;
    int i = 0;
    for (int bound = n & ~3; i < bound; i += 4) {
      float q0 = q[i];
      float q1 = q[i + 1];
      float q2 = q[i + 2];
      float q3 = q[i + 3];
      // one line per document: its four partial sums over elements i..i+3
      a0 += q0 * d0[i]; a1 += q1 * d0[i + 1]; a2 += q2 * d0[i + 2]; a3 += q3 * d0[i + 3];
      b0 += q0 * d1[i]; b1 += q1 * d1[i + 1]; b2 += q2 * d1[i + 2]; b3 += q3 * d1[i + 3];
      c0 += q0 * d2[i]; c1 += q1 * d2[i + 1]; c2 += q2 * d2[i + 2]; c3 += q3 * d2[i + 3];
      e0 += q0 * d3[i]; e1 += q1 * d3[i + 1]; e2 += q2 * d3[i + 2]; e3 += q3 * d3[i + 3];
    }
    for (; i < n; i++) {
      float qi = q[i];
      a0 += qi * d0[i];
      b0 += qi * d1[i];
      c0 += qi * d2[i];
      e0 += qi * d3[i];
    }
    out[o] = (a0 + a1) + (a2 + a3);
    out[o + 1] = (b0 + b1) + (b2 + b3);
    out[o + 2] = (c0 + c1) + (c2 + c3);
    out[o + 3] = (e0 + e1) + (e2 + e3);
  }
}

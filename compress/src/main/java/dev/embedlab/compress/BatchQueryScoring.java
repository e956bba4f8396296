package dev.embedlab.compress;

import dev.embedlab.core.retrieval.Similarity;

/**
 * A codec that scores several queries in one pass over the stored codes, sharing the code loads and
 * index arithmetic between them (PQ: one code byte feeds {@link #GROUP} ADC tables). Used by
 * the batch search of {@link CompressedIndex}; results equal per-query {@link QueryScorer#scoreAll}.
 */
public interface BatchQueryScoring {
  /** Queries per pass. */
  int GROUP = 4;

  /**
   * Scores each of {@code queries} (at most {@link #GROUP}) against {@code count} consecutive codes
   * into {@code out[q][0..count)}.
   */
  void scoreBatch(float[][] queries, Similarity similarity, byte[] codes, int count, float[][] out);
}

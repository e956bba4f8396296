package dev.embedlab.compress;

import dev.embedlab.core.retrieval.Similarity;

/**
 * Scores one prepared query against stored codes (larger = more similar). Created per query by
 * {@link VectorCompressor#scorer(float[], Similarity)}; holds precomputed tables, so it is cheap to
 * call once per stored vector and is not thread-safe.
 */
@FunctionalInterface
public interface QueryScorer {
  /** Score of the code that starts at {@code codes[offset]} (length {@code bytesPerVector()}). */
  float score(byte[] codes, int offset);

  /**
   * Scores {@code count} consecutive codes of {@code bytesPerVector} bytes starting at
   * {@code codes[0]} into {@code out[0..count)}. Codecs override this with a loop free of per-code
   * calls (PQ's ADC scan); the default calls {@link #score} per code.
   */
  default void scoreAll(byte[] codes, int bytesPerVector, int count, float[] out) {
    for (int i = 0, o = 0; i < count; i++, o += bytesPerVector) {
      out[i] = score(codes, o);
    }
  }
}

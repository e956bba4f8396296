package dev.embedlab.compress;

/**
 * Scores one prepared query against stored codes (larger = more similar). Created per query by
 * {@link VectorCompressor#scorer(float[], Similarity)}; holds precomputed tables, so it is cheap to
 * call once per stored vector and is not thread-safe.
 */
@FunctionalInterface
public interface QueryScorer {
  /** Score of the code that starts at {@code codes[offset]} (length {@code bytesPerVector()}). */
  float score(byte[] codes, int offset);
}

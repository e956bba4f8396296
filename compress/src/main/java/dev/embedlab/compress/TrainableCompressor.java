package dev.embedlab.compress;

/**
 * A compressor that must learn from data before it can encode (int8 calibration, PQ codebooks, PCA
 * basis). {@link #fit} replaces any previous training; encoding before fitting throws
 * {@link IllegalStateException} naming the compressor.
 */
public interface TrainableCompressor extends VectorCompressor {
  /**
   * Learns the codec's parameters from {@code training} (rows are vectors of length
   * {@link #dimension()}), replacing earlier training.
   *
   * @throws IllegalArgumentException if the set is empty, ragged, of the wrong dimension, or too small
   *     for the codec (for example fewer vectors than PQ centroids)
   */
  void fit(float[][] training);

  /** Whether {@link #fit} has run (or the compressor was read from a file). */
  boolean isTrained();
}

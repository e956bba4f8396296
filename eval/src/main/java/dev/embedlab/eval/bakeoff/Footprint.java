package dev.embedlab.eval.bakeoff;

/**
 * What a candidate's vectors cost.
 *
 * @param dimension vector length
 * @param bytesPerVector storage of one vector as searched: {@code 4·dimension} for float32
 * @param truncatedTexts texts cut at the model's maximum length while embedding the corpus and
 *     queries, or {@code -1} when the embedder does not report usage
 *     ({@link dev.embedlab.core.UsageReporting})
 */
public record Footprint(int dimension, long bytesPerVector, long truncatedTexts) {

  /** Validates. */
  public Footprint {
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be >= 1; dimension=" + dimension);
    }
    if (bytesPerVector < 1) {
      throw new IllegalArgumentException("bytesPerVector must be >= 1; bytesPerVector=" + bytesPerVector);
    }
    if (truncatedTexts < -1) {
      throw new IllegalArgumentException("truncatedTexts must be >= -1; truncatedTexts=" + truncatedTexts);
    }
  }

  /** Whether the embedder reported its truncations. */
  public boolean truncationReported() {
    return truncatedTexts >= 0;
  }
}

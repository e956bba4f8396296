package dev.embedlab.staticemb;

import java.util.Objects;

/**
 * One training example: an anchor and a positive text, with either a gold similarity score (CoSENT)
 * or, for contrastive training, an optional hard negative.
 *
 * @param anchor the query or first sentence
 * @param positive the matching text or second sentence
 * @param score gold similarity for scored pairs, else {@code NaN}
 * @param hardNegative a text that looks related but does not match, or null
 */
public record TrainingPair(String anchor, String positive, double score, String hardNegative) {
  /** Validates. */
  public TrainingPair {
    Objects.requireNonNull(anchor, "anchor");
    Objects.requireNonNull(positive, "positive");
    if (Double.isInfinite(score)) {
      throw new IllegalArgumentException("score must be finite or NaN; score=" + score);
    }
    if (hardNegative != null && !Double.isNaN(score)) {
      throw new IllegalArgumentException("a pair has a score or a hard negative, not both");
    }
  }

  /** Whether this pair carries a gold score. */
  public boolean scored() {
    return !Double.isNaN(score);
  }
}

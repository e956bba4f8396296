package dev.embedlab.data;

import java.util.Objects;

/**
 * A sentence pair with a graded similarity score and/or a binary label.
 *
 * @param a first text
 * @param b second text
 * @param score graded gold score (e.g. 0–5 for STS); {@code NaN} when the set has only labels
 * @param label binary gold label 0/1, or {@code null} when the set has only scores
 */
public record Pair(String a, String b, double score, Integer label) {
  /** Validates: texts non-null; label null, 0 or 1; at least one of score/label present. */
  public Pair {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    if (label != null && label != 0 && label != 1) {
      throw new IllegalArgumentException("label must be 0, 1 or null; label=" + label);
    }
    if (Double.isInfinite(score)) {
      throw new IllegalArgumentException("score must be finite or NaN (absent); score=" + score);
    }
    if (Double.isNaN(score) && label == null) {
      throw new IllegalArgumentException("a pair needs a score or a label; both are absent");
    }
  }

  /** @return whether a graded score is present */
  public boolean hasScore() {
    return !Double.isNaN(score);
  }
}

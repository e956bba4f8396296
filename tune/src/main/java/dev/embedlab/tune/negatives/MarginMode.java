package dev.embedlab.tune.negatives;

/**
 * How the false-negative guard compares a candidate's score {@code s} with the positive's score
 * {@code p}. A candidate is kept only if {@code s <= threshold}; one scoring strictly above it is
 * dropped as a probable unjudged positive. Same definitions as sentence-transformers'
 * {@code mine_hard_negatives} ({@code absolute_margin}, {@code relative_margin}).
 */
public enum MarginMode {
  /** No guard: candidates scoring above the positive are kept too. */
  NONE,
  /** {@code threshold = p − margin}; margin ≥ 0, in the source's score units. */
  ABSOLUTE,
  /**
   * {@code threshold = p·(1 − margin)}; 0 ≤ margin &lt; 1. Meant for non-negative scores (BM25,
   * cosine of related texts); with a negative {@code p} the threshold moves above {@code p}.
   */
  RELATIVE;

  /** The highest score a candidate may have and still be kept. */
  double threshold(double positiveScore, double margin) {
    return switch (this) {
      case NONE -> Double.POSITIVE_INFINITY;
      case ABSOLUTE -> positiveScore - margin;
      case RELATIVE -> positiveScore * (1.0 - margin);
    };
  }
}

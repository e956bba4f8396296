package dev.embedlab.bakeoff;

import dev.embedlab.eval.stats.ConfidenceInterval;

/**
 * A candidate against the best candidate on the bake-off's primary measure
 * ({@link Settings#primaryMeasure()}), per query (paired).
 *
 * @param candidate the candidate's name
 * @param reference the best candidate's name
 * @param meanDifference mean over queries of candidate − reference (≤ 0 against the best)
 * @param ci percentile-bootstrap confidence interval of the mean difference
 * @param pValue two-sided paired randomisation (sign-flip) test p-value
 * @param pHolm {@code pValue} after Holm's correction over all comparisons of the bake-off
 * @param winLoss per-query wins, losses and ties of the candidate against the reference
 */
public record Comparison(String candidate, String reference, double meanDifference,
    ConfidenceInterval ci, double pValue, double pHolm, WinLoss winLoss) {

  /** Validates. */
  public Comparison {
    if (candidate == null || reference == null || ci == null || winLoss == null) {
      throw new IllegalArgumentException("candidate, reference, ci and winLoss must be non-null");
    }
    if (!(pValue >= 0 && pValue <= 1 && pHolm >= 0 && pHolm <= 1)) {
      throw new IllegalArgumentException("p-values must be in [0, 1]; p=" + pValue + " pHolm=" + pHolm);
    }
  }

  /**
   * Per-query outcome counts.
   *
   * @param wins queries where the candidate scores higher than the reference
   * @param losses queries where it scores lower
   * @param ties queries with equal values
   */
  public record WinLoss(int wins, int losses, int ties) {
    /** Validates. */
    public WinLoss {
      if (wins < 0 || losses < 0 || ties < 0) {
        throw new IllegalArgumentException(
            "counts must be >= 0; wins=" + wins + " losses=" + losses + " ties=" + ties);
      }
    }
  }

  /** Whether the difference is significant at family-wise level {@code alpha} (Holm-adjusted p ≤ α). */
  public boolean significant(double alpha) {
    return pHolm <= alpha;
  }
}

package dev.embedlab.eval.stats;

/**
 * A two-sided confidence interval.
 *
 * @param lower lower bound
 * @param upper upper bound, ≥ lower
 * @param level confidence level in (0, 1), e.g. 0.95
 */
public record ConfidenceInterval(double lower, double upper, double level) {
  /** Validates. */
  public ConfidenceInterval {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be in (0, 1); level=" + level);
    }
    if (!(lower <= upper)) {
      throw new IllegalArgumentException("lower must be <= upper; lower=" + lower + " upper=" + upper);
    }
  }

  /** @return whether {@code x} lies in [lower, upper] */
  public boolean contains(double x) {
    return x >= lower && x <= upper;
  }
}

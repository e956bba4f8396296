package dev.embedlab.tune.negatives;

/**
 * What the miner does when a margin guard is configured but the positive's score is unknown (the
 * source did not list the positive and the {@link PositiveScorer} could not score it).
 */
public enum MissingPositiveScore {
  /** Drop the pair: no negatives are mined without the guard (conservative; counted). */
  DROP_PAIR,
  /** Mine the pair without the margin guard (counted). */
  SKIP_MARGIN
}

package dev.embedlab.eval.fusion;

/**
 * How {@link RankFusion} makes the scores of different runs comparable, per run and per query,
 * over the documents that run retrieved for that query ({@code s}: a score, {@code S}: the list).
 */
public enum ScoreNormalization {
  /**
   * {@code (s − min S) / (max S − min S)} ∈ [0, 1] (Fox &amp; Shaw's CombSUM with min-max, as in
   * Lee 1997); when {@code max = min} every retrieved document gets 1. A document the run did not
   * retrieve contributes 0.
   */
  MIN_MAX,
  /**
   * {@code (s − mean S) / std S} with the population standard deviation (divide by |S|); when
   * {@code std = 0} every retrieved document gets 0. A document the run did not retrieve contributes
   * the lowest z-score of that list (it ranked below everything the run returned), 0 for an empty list.
   */
  Z_SCORE,
  /** Raw scores; a document the run did not retrieve contributes 0. Only for runs on one scale. */
  NONE
}

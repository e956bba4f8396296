package dev.embedlab.bakeoff;

import dev.embedlab.core.Checks;
import java.util.List;

/**
 * How a bake-off was run (written into every report so a number can be reproduced).
 *
 * @param k hits retrieved per query (MAP@k and Recall@k need k ≥ their cut)
 * @param measures labels of the measures averaged, in report order
 * @param primaryMeasure the measure candidates are ranked and compared on
 * @param latencyQueries queries timed one by one for the latency percentiles
 * @param excludeIdenticalIds whether a document with the query's id was skipped
 * @param significance bootstrap/randomisation settings
 */
public record Settings(int k, List<String> measures, String primaryMeasure, int latencyQueries,
    boolean excludeIdenticalIds, SignificanceSettings significance) {

  /** Validates and copies. */
  public Settings {
    Checks.atLeast("k", k, 1);
    measures = List.copyOf(measures);
    if (!measures.contains(primaryMeasure)) {
      throw new IllegalArgumentException(
          "primaryMeasure must be one of the measures; primaryMeasure=" + primaryMeasure + " measures=" + measures);
    }
    Checks.atLeast("latencyQueries", latencyQueries, 0);
    Checks.notNull("significance", significance);
  }

  /**
   * Settings of the paired comparisons.
   *
   * @param level confidence level of the bootstrap interval, e.g. 0.95
   * @param resamples bootstrap resamples and randomisation-test sign vectors
   * @param seed RNG seed
   * @param alpha family-wise significance level for the Holm-adjusted p-values
   */
  public record SignificanceSettings(double level, int resamples, long seed, double alpha) {
    /** Validates. */
    public SignificanceSettings {
      if (!(level > 0 && level < 1)) {
        throw new IllegalArgumentException("level must be in (0, 1); level=" + level);
      }
      Checks.atLeast("resamples", resamples, 100);
      if (!(alpha > 0 && alpha < 1)) {
        throw new IllegalArgumentException("alpha must be in (0, 1); alpha=" + alpha);
      }
    }
  }
}

package dev.embedlab.examples;

import dev.embedlab.eval.metrics.EvaluationResult;
import dev.embedlab.eval.metrics.Measure;
import dev.embedlab.eval.stats.Holm;
import dev.embedlab.eval.stats.PairedComparison;
import java.util.List;
import java.util.Locale;

/** Paired significance for the quality-lever examples (eval.stats: bootstrap CI, sign-flip test, Holm). */
final class LeverStats {
  static final int RESAMPLES = 10_000;
  static final long SEED = 42;

  private LeverStats() {}

  /**
   * Prints, for {@code system} against each baseline on measure {@code m}: both means, the mean
   * difference, its 95% percentile-bootstrap CI, the two-sided paired randomisation p-value and the
   * Holm-adjusted p over the baselines (10,000 resamples, seed 42).
   */
  static void compareAgainst(String system, EvaluationResult sys, List<String> baselineNames,
      List<EvaluationResult> baselines, Measure m) {
    System.out.printf("%npaired comparison on %s (%d queries; 95%% bootstrap CI and sign-flip test, %d resamples, seed %d; Holm over %d):%n",
        m.name(), sys.numQueries(), RESAMPLES, SEED, baselines.size());
    PairedComparison.Summary[] s = new PairedComparison.Summary[baselines.size()];
    double[] p = new double[baselines.size()];
    for (int i = 0; i < baselines.size(); i++) {
      s[i] = PairedComparison.of(sys, baselines.get(i), m).summarize(0.95, RESAMPLES, SEED);
      p[i] = s[i].pValue();
    }
    double[] holm = Holm.adjust(p);
    for (int i = 0; i < baselines.size(); i++) {
      System.out.printf(Locale.ROOT, "  %s vs %s: %.4f vs %.4f, diff %+.4f [%+.4f, %+.4f], p=%.4f, p_holm=%.4f%n",
          system, baselineNames.get(i), s[i].meanA(), s[i].meanB(), s[i].meanDifference(),
          s[i].ci().lower(), s[i].ci().upper(), p[i], holm[i]);
    }
  }
}

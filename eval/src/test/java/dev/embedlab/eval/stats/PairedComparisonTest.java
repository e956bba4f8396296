package dev.embedlab.eval.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.data.Qrels;
import dev.embedlab.data.Run;
import dev.embedlab.data.ScoredDoc;
import dev.embedlab.eval.metrics.EvaluationResult;
import dev.embedlab.eval.metrics.Measure;
import dev.embedlab.eval.metrics.RankingEvaluator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PairedComparisonTest {
  static final long SEED = 42L;

  @Test
  void exactSignFlipHandComputed() {
    // d = [1,2,3]: signed sums 6,4,2,0,0,-2,-4,-6; |s| >= 6 for 2 of 8
    PairedComparison c = PairedComparison.of(new double[] {1, 2, 3}, new double[] {0, 0, 0});
    assertEquals(0.25, c.exactPermutationPValue(), 0.0);
    assertEquals(2.0, c.meanDifference(), 1e-15);
    assertArrayEquals(new int[] {3, 0, 0}, c.winsLossesTies());
  }

  @Test
  void monteCarloAgreesWithExactAndIsSeeded() {
    SplittableRandom rnd = new SplittableRandom(SEED);
    double[] a = new double[13];
    double[] b = new double[13];
    for (int i = 0; i < a.length; i++) {
      a[i] = rnd.nextDouble();
      b[i] = rnd.nextDouble() - 0.1;
    }
    PairedComparison c = PairedComparison.of(a, b);
    double exact = c.exactPermutationPValue();
    int resamples = 20000;
    double mc = c.permutationPValue(resamples, SEED);
    double se = Math.sqrt(exact * (1 - exact) / resamples);
    assertTrue(Math.abs(mc - exact) < 5 * se + 1e-4, "seed=" + SEED + " exact=" + exact + " mc=" + mc);
    assertEquals(mc, c.permutationPValue(resamples, SEED), 0.0, "same seed, same p");
  }

  @Test
  void identicalSystemsGiveP1AndZeroWidthInterval() {
    double[] a = {0.1, 0.5, 0.9, 0.3};
    PairedComparison c = PairedComparison.of(a, a.clone());
    assertEquals(1.0, c.permutationPValue(1000, SEED), 0.0);
    ConfidenceInterval ci = c.bootstrapCi(0.95, 1000, SEED);
    assertEquals(0.0, ci.lower(), 0.0);
    assertEquals(0.0, ci.upper(), 0.0);
  }

  @Test
  void clearDifferenceGivesSmallestPossiblePAndCiExcludingZero() {
    SplittableRandom rnd = new SplittableRandom(SEED);
    int n = 207;
    double[] a = new double[n];
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      b[i] = rnd.nextDouble();
      a[i] = b[i] + 0.2 + 0.05 * (rnd.nextDouble() - 0.5);
    }
    PairedComparison c = PairedComparison.of(a, b);
    int resamples = 2000;
    assertEquals(1.0 / (resamples + 1), c.permutationPValue(resamples, SEED), 1e-15, "+1 correction: never 0");
    ConfidenceInterval ci = c.bootstrapCi(0.95, resamples, SEED);
    assertTrue(ci.lower() > 0.19 && ci.upper() < 0.21 && ci.contains(c.meanDifference()), ci.toString());
  }

  @Test
  void bootstrapCoversTheMeanAtRoughlyTheNominalRate() {
    // 200 independent samples of n=50 N(0.3, 1)-ish differences; 95% CIs should cover 0.3 ~95% of the time
    SplittableRandom rnd = new SplittableRandom(SEED);
    int covered = 0;
    int trials = 200;
    for (int t = 0; t < trials; t++) {
      double[] a = new double[50];
      double[] b = new double[50];
      for (int i = 0; i < 50; i++) {
        double u = 0;
        for (int j = 0; j < 12; j++) {
          u += rnd.nextDouble();
        }
        a[i] = 0.3 + (u - 6);
      }
      if (PairedComparison.of(a, b).bootstrapCi(0.95, 1000, SEED + t).contains(0.3)) {
        covered++;
      }
    }
    assertTrue(covered >= 176 && covered <= 199, "coverage " + covered + "/" + trials + " seed=" + SEED);
  }

  @Test
  void quantileIsNumpyLinear() {
    double[] s = {1, 2, 3, 4};
    // numpy.percentile([1,2,3,4], [2.5, 97.5]) = [1.075, 3.925]
    assertEquals(1.075, PairedComparison.quantile(s, 0.025), 1e-12);
    assertEquals(3.925, PairedComparison.quantile(s, 0.975), 1e-12);
  }

  @Test
  void alignsEvaluationResultsByQueryId() {
    Qrels q = Qrels.builder().add("q1", "d1", 1).add("q2", "d2", 1).build();
    Run good = Run.of(Map.of("q1", List.of(new ScoredDoc("d1", 1)), "q2", List.of(new ScoredDoc("d2", 1))));
    Run bad = Run.of(Map.of("q2", List.of(new ScoredDoc("x", 1), new ScoredDoc("d2", 0.5))));
    RankingEvaluator ev = RankingEvaluator.of(Measure.mrr(10));
    EvaluationResult ra = ev.evaluate(q, good);
    EvaluationResult rb = ev.evaluate(q, bad);
    PairedComparison c = PairedComparison.of(ra, rb, Measure.mrr(10));
    assertArrayEquals(new double[] {1.0, 0.5}, c.differences(), 1e-15);
    assertThrows(IllegalArgumentException.class, () -> PairedComparison.of(new double[] {1}, new double[] {1, 2}));
  }
}

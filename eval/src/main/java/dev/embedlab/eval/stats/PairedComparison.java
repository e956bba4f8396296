package dev.embedlab.eval.stats;

import dev.embedlab.core.Checks;
import dev.embedlab.eval.metrics.EvaluationResult;
import dev.embedlab.eval.metrics.Measure;
import java.util.Arrays;
import java.util.HashSet;
import java.util.SplittableRandom;

/**
 * Paired comparison of two systems A and B on the same queries, from their per-query values of
 * one measure. The statistic is the mean difference d̄ = (1/n) Σ (a_i − b_i). Immutable.
 *
 * <ul>
 *   <li>{@link #bootstrapCi}: percentile bootstrap — resample the n differences with replacement
 *       {@code resamples} times, take the α/2 and 1−α/2 quantiles of the resampled means with
 *       linear interpolation (numpy {@code percentile} default). Efron &amp; Tibshirani (1993) §13.3.
 *   <li>{@link #permutationPValue}: paired randomisation (sign-flip) test of H0 "A and B are
 *       exchangeable per query": each resample multiplies every d_i by an independent random ±1;
 *       two-sided p = (1 + #{|d̄*| ≥ |d̄|}) / (1 + resamples), the +1 correction of Phipson &amp;
 *       Smyth (2010) so p is never 0. Smucker, Allan &amp; Carterette (CIKM 2007) recommend this test
 *       for IR. {@link #exactPermutationPValue} enumerates all 2^n sign vectors for small n.
 * </ul>
 * Randomness comes only from the {@code seed} argument ({@link SplittableRandom}), so results are
 * reproducible across runs and JVMs.
 */
public final class PairedComparison {
  /** Relative tolerance when comparing a resampled |d̄*| with the observed |d̄| (float summation noise). */
  private static final double TIE_EPS = 1e-12;

  private final double[] a;
  private final double[] b;
  private final double[] d;

  private PairedComparison(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("a and b lengths differ: " + a.length + "!=" + b.length);
    }
    if (a.length == 0) {
      throw new IllegalArgumentException("need at least one paired value; length=0");
    }
    this.a = a.clone();
    this.b = b.clone();
    this.d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      if (!Double.isFinite(a[i]) || !Double.isFinite(b[i])) {
        throw new IllegalArgumentException("values must be finite; a[" + i + "]=" + a[i] + " b[" + i + "]=" + b[i]);
      }
      d[i] = a[i] - b[i];
    }
  }

  /** @return the comparison of per-query values {@code a[i]} vs {@code b[i]} (same query at each i) */
  public static PairedComparison of(double[] a, double[] b) {
    return new PairedComparison(a, b);
  }

  /**
   * Aligns two evaluation results by query id.
   *
   * @throws IllegalArgumentException when the two results do not cover the same queries
   */
  public static PairedComparison of(EvaluationResult a, EvaluationResult b, Measure m) {
    if (!new HashSet<>(a.queryIds()).equals(new HashSet<>(b.queryIds()))) {
      throw new IllegalArgumentException("results cover different queries: " + a.numQueries() + " vs "
          + b.numQueries() + " (averaging " + a.averaging() + " vs " + b.averaging() + ")");
    }
    double[] va = a.values(m);
    double[] vb = new double[va.length];
    for (int i = 0; i < va.length; i++) {
      vb[i] = b.value(m, a.queryIds().get(i));
    }
    return new PairedComparison(va, vb);
  }

  /** @return the number of pairs */
  public int size() {
    return d.length;
  }

  /** @return mean of A */
  public double meanA() {
    return mean(a);
  }

  /** @return mean of B */
  public double meanB() {
    return mean(b);
  }

  /** @return d̄ = mean(a − b) */
  public double meanDifference() {
    return mean(d);
  }

  /** @return the per-pair differences a − b (a copy) */
  public double[] differences() {
    return d.clone();
  }

  /** @return wins, losses, ties of A over B (a_i &gt; b_i, &lt;, ==) */
  public int[] winsLossesTies() {
    int w = 0;
    int l = 0;
    for (double x : d) {
      if (x > 0) {
        w++;
      } else if (x < 0) {
        l++;
      }
    }
    return new int[] {w, l, d.length - w - l};
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  /**
   * Percentile bootstrap confidence interval of d̄.
   *
   * @param level e.g. 0.95
   * @param resamples number of bootstrap resamples, ≥ 100 (10,000 is a good default)
   * @param seed RNG seed
   */
  public ConfidenceInterval bootstrapCi(double level, int resamples, long seed) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be in (0, 1); level=" + level);
    }
    Checks.atLeast("resamples", resamples, 100);
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = d.length;
    double[] means = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += d[rnd.nextInt(n)];
      }
      means[r] = s / n;
    }
    Arrays.sort(means);
    double alpha = 1 - level;
    double lo = quantile(means, alpha / 2);
    double hi = quantile(means, 1 - alpha / 2);
    return new ConfidenceInterval(lo, Math.max(lo, hi), level);
  }

  /** numpy's default (linear, "type 7") quantile of sorted data. */
  static double quantile(double[] sorted, double q) {
    double h = (sorted.length - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  /**
   * Two-sided sign-flip randomisation test p-value, (1 + #{|d̄*| ≥ |d̄|}) / (1 + resamples).
   *
   * @param resamples number of random sign vectors, ≥ 100 (10,000 is a good default)
   * @param seed RNG seed
   */
  public double permutationPValue(int resamples, long seed) {
    Checks.atLeast("resamples", resamples, 100);
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = d.length;
    double observed = Math.abs(sum(d));
    double bar = observed - TIE_EPS * Math.max(1.0, observed);
    long count = 0;
    for (int r = 0; r < resamples; r++) {
      double s = 0;
      long bits = 0;
      for (int i = 0; i < n; i++) {
        if ((i & 63) == 0) {
          bits = rnd.nextLong();
        }
        s += ((bits >>> (i & 63)) & 1L) == 0 ? d[i] : -d[i];
      }
      if (Math.abs(s) >= bar) {
        count++;
      }
    }
    return (count + 1.0) / (resamples + 1.0);
  }

  /**
   * Exact two-sided sign-flip p-value: the fraction of all 2^n sign vectors with |Σ ±d_i| ≥ |Σ d_i|
   * (the identity vector and its negation are always counted, so p ≥ 2/2^n).
   *
   * @throws IllegalArgumentException when n &gt; 24 (use {@link #permutationPValue})
   */
  public double exactPermutationPValue() {
    int n = d.length;
    if (n > 24) {
      throw new IllegalArgumentException("exact enumeration needs n <= 24; n=" + n);
    }
    double observed = Math.abs(sum(d));
    double bar = observed - TIE_EPS * Math.max(1.0, observed);
    long total = 1L << n;
    long count = 0;
    for (long mask = 0; mask < total; mask++) {
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += ((mask >>> i) & 1L) == 0 ? d[i] : -d[i];
      }
      if (Math.abs(s) >= bar) {
        count++;
      }
    }
    return (double) count / total;
  }

  private static double sum(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s;
  }

  /**
   * The usual summary: means, d̄, bootstrap CI and randomisation p-value with one seed.
   *
   * @param level CI level, e.g. 0.95
   * @param resamples resamples for both bootstrap and randomisation test
   * @param seed seed (the test uses {@code seed + 1} so the two streams differ)
   */
  public Summary summarize(double level, int resamples, long seed) {
    return new Summary(size(), meanA(), meanB(), meanDifference(), bootstrapCi(level, resamples, seed),
        permutationPValue(resamples, seed + 1), resamples, seed);
  }

  /**
   * A paired comparison's result.
   *
   * @param n number of pairs
   * @param meanA mean of A
   * @param meanB mean of B
   * @param meanDifference mean of A − B
   * @param ci bootstrap CI of the mean difference
   * @param pValue two-sided randomisation-test p-value
   * @param resamples resamples used
   * @param seed seed used
   */
  public record Summary(int n, double meanA, double meanB, double meanDifference, ConfidenceInterval ci,
      double pValue, int resamples, long seed) {}
}

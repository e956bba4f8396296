package dev.embedlab.eval.stats;

import dev.embedlab.core.Checks;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Sample-size planning for A/B comparisons (normal approximations), as functions of the inputs
 * rather than constants. z_q is the standard normal quantile (commons-math3
 * {@link NormalDistribution}); α is two-sided; power = 1 − β.
 *
 * <h2>The "384 per group" figure</h2>
 * The number of observations to estimate a proportion p within ±e at confidence 1−α is
 * n = z²_{1−α/2}·p(1−p)/e². For the worst case p = 0.5, e = 0.05, 95%: with z = 1.959964 (exact)
 * n = 384.146; with the textbook z = 1.96, n = 384.16. Rounding <em>up</em> (the only rounding that
 * guarantees the margin) gives <b>385</b> in both cases; the often-quoted <b>384</b> comes from
 * rounding to the nearest integer or truncating, and 384 observations give a margin of ±5.0009%,
 * just over 5%. {@link #proportionMargin} returns the unrounded n, {@link #proportionMarginCeil}
 * the guaranteed one.
 */
public final class SampleSize {
  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

  private SampleSize() {}

  /** @return z_{q}, the q-quantile of the standard normal */
  public static double z(double q) {
    if (!(q > 0 && q < 1)) {
      throw new IllegalArgumentException("q must be in (0, 1); q=" + q);
    }
    return STANDARD_NORMAL.inverseCumulativeProbability(q);
  }

  private static void checkAlphaPower(double alpha, double power) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1); alpha=" + alpha);
    }
    if (!(power > 0 && power < 1)) {
      throw new IllegalArgumentException("power must be in (0, 1); power=" + power);
    }
  }

  /**
   * Unrounded n = z²_{1−α/2}·p(1−p)/e² to estimate a proportion within ±{@code margin}.
   *
   * @param p expected proportion (0.5 is the worst case)
   * @param margin half-width of the interval, e.g. 0.05
   * @param confidence e.g. 0.95
   */
  public static double proportionMargin(double p, double margin, double confidence) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("p must be in (0, 1); p=" + p);
    }
    if (!(margin > 0 && margin < 1)) {
      throw new IllegalArgumentException("margin must be in (0, 1); margin=" + margin);
    }
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1); confidence=" + confidence);
    }
    double z = z(1 - (1 - confidence) / 2);
    return z * z * p * (1 - p) / (margin * margin);
  }

  /** @return ⌈{@link #proportionMargin}⌉ — 385 for (0.5, 0.05, 0.95); see the class note on 384 */
  public static int proportionMarginCeil(double p, double margin, double confidence) {
    return (int) Math.ceil(proportionMargin(p, margin, confidence) - 1e-9);
  }

  /**
   * Per-arm n to detect p1 ≠ p2 with a two-sided two-sample z-test (pooled variance under H0,
   * without continuity correction; Fleiss, Levin &amp; Paik 2003, eq. 4.14 without the correction):
   * n = [z_{1−α/2}·√(2 p̄ q̄) + z_{1−β}·√(p1 q1 + p2 q2)]² / (p1 − p2)², p̄ = (p1+p2)/2, q = 1 − p;
   * rounded up. Example: p1 = 0.5, p2 = 0.6, α = 0.05, power 0.8 → 387.3 → 388 per arm.
   */
  public static int twoProportionsPerArm(double p1, double p2, double alpha, double power) {
    checkAlphaPower(alpha, power);
    if (!(p1 > 0 && p1 < 1) || !(p2 > 0 && p2 < 1)) {
      throw new IllegalArgumentException("p1 and p2 must be in (0, 1); p1=" + p1 + " p2=" + p2);
    }
    if (p1 == p2) {
      throw new IllegalArgumentException("p1 and p2 must differ; p1=p2=" + p1);
    }
    double pbar = (p1 + p2) / 2;
    double za = z(1 - alpha / 2);
    double zb = z(power);
    double num = za * Math.sqrt(2 * pbar * (1 - pbar)) + zb * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
    double diff = p1 - p2;
    return (int) Math.ceil(num * num / (diff * diff) - 1e-9);
  }

  /**
   * Number of paired observations (e.g. queries, both systems run on each) to detect a mean
   * difference {@code delta} of a metric with a two-sided paired z-test:
   * n = ((z_{1−α/2} + z_{1−β})·σ_d / δ)², rounded up, where σ_d is the standard deviation of the
   * per-query differences (estimate it from a pilot, e.g. {@link PairedComparison#differences()}).
   * The t-test needs slightly more for small n (about +2 at n ≈ 30).
   */
  public static int pairedDifference(double sdOfDifferences, double delta, double alpha, double power) {
    checkAlphaPower(alpha, power);
    if (!(sdOfDifferences > 0) || !Double.isFinite(sdOfDifferences)) {
      throw new IllegalArgumentException("sdOfDifferences must be > 0; sdOfDifferences=" + sdOfDifferences);
    }
    if (!(delta != 0) || !Double.isFinite(delta)) {
      throw new IllegalArgumentException("delta must be non-zero and finite; delta=" + delta);
    }
    double k = (z(1 - alpha / 2) + z(power)) * sdOfDifferences / Math.abs(delta);
    return (int) Math.ceil(k * k - 1e-9);
  }

  /**
   * The smallest mean difference detectable with n pairs: δ = (z_{1−α/2} + z_{1−β})·σ_d/√n — the
   * inverse of {@link #pairedDifference}.
   */
  public static double minimumDetectableDifference(double sdOfDifferences, int n, double alpha, double power) {
    checkAlphaPower(alpha, power);
    Checks.atLeast("n", n, 1);
    return (z(1 - alpha / 2) + z(power)) * sdOfDifferences / Math.sqrt(n);
  }
}

package dev.embedlab.monitor.ab;

import dev.embedlab.eval.stats.SampleSize;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * A two-arm A/B test of retrieval pipelines: ids are assigned by an {@link Assignment}, each arm's
 * outcomes are recorded (a success flag — a click, an answered question — and, optionally, a graded
 * value such as the relevance of the clicked result), and {@link #decideSuccessRate} /
 * {@link #decideGraded} compute the decision with eval's {@link SampleSize} planning and a
 * two-sided test: the pooled two-proportion z-test for success rates, Welch's t-test
 * (commons-math3) for graded values. Thread-safe.
 *
 * <h2>Peeking: decide once, at the planned sample size</h2>
 * A p-value is valid for <em>one</em> look at a sample size fixed in advance. Checking the test
 * repeatedly as data arrives and stopping at the first p &lt; α inflates the false-positive rate far
 * above α: with α = 0.05, about 14% after 5 looks and about 19% after 10 (Armitage, McPherson &amp;
 * Rowe 1969), approaching 1 with unlimited looks. Therefore: fix the minimum detectable effect, α and
 * power before the test, let the decision methods compute the per-arm sample size, and act only on
 * the decision made when both arms have reached it ({@link Decision.Verdict#CONTINUE} before that,
 * whatever the p-value). If you must look early (to stop a harmful arm), use a sequential design
 * with an α-spending boundary (O'Brien–Fleming or Pocock, via a group-sequential library) or
 * always-valid p-values (mSPRT), not these fixed-sample tests. Ids must be the unit of assignment
 * (one outcome per user when users are assigned); many outcomes per user are correlated and make
 * the tests overconfident.
 */
public final class AbTest {
  private final Assignment assignment;
  private final Arm[] arms = {new Arm(), new Arm()};

  private static final class Arm {
    final AtomicLong trials = new AtomicLong();
    final AtomicLong successes = new AtomicLong();
    final SummaryStatistics graded = new SummaryStatistics();
  }

  /**
   * @param assignment a two-arm assignment; arm 0 is the control A, arm 1 the treatment B
   * @throws IllegalArgumentException when it does not have exactly two arms
   */
  public AbTest(Assignment assignment) {
    if (assignment == null || assignment.arms().size() != 2) {
      throw new IllegalArgumentException("an A/B test needs an assignment with exactly two arms; arms="
          + (assignment == null ? null : assignment.arms()));
    }
    this.assignment = assignment;
  }

  /** The arm (0 = A, 1 = B) serving {@code id}. */
  public int armOf(String id) {
    return assignment.armIndex(id);
  }

  /** Records a success/failure outcome for {@code id} (in its arm). */
  public void recordSuccess(String id, boolean success) {
    Arm a = arms[armOf(id)];
    a.trials.incrementAndGet();
    if (success) {
      a.successes.incrementAndGet();
    }
  }

  /** Records a graded outcome (e.g. relevance 0..3 of the clicked hit, reciprocal rank) for {@code id}. */
  public void recordGraded(String id, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value must be finite; value=" + value);
    }
    Arm a = arms[armOf(id)];
    synchronized (a.graded) {
      a.graded.addValue(value);
    }
  }

  /** Success trials recorded in arm {@code i}. */
  public long trials(int i) {
    return arms[i].trials.get();
  }

  /** Successes recorded in arm {@code i}. */
  public long successes(int i) {
    return arms[i].successes.get();
  }

  /**
   * A decision.
   *
   * @param verdict what to do
   * @param requiredPerArm the planned sample size per arm
   * @param nA observations in A
   * @param nB observations in B
   * @param meanA A's success rate or mean graded value
   * @param meanB B's
   * @param pValue two-sided p-value of "no difference" (NaN while CONTINUE with fewer than 2 per arm)
   * @param alpha the significance level
   */
  public record Decision(Verdict verdict, int requiredPerArm, long nA, long nB, double meanA, double meanB,
      double pValue, double alpha) {
    /** What the data say. */
    public enum Verdict {
      /** Fewer observations than planned in an arm: keep collecting, whatever the p-value. */
      CONTINUE,
      /** At the planned size, no significant difference: keep A (or call it a tie). */
      NO_DIFFERENCE,
      /** At the planned size, B is significantly better. */
      B_BETTER,
      /** At the planned size, B is significantly worse. */
      B_WORSE
    }

    /** One line for a report. */
    public String summary() {
      return String.format(Locale.ROOT, "%s: A %.4f (n=%d) vs B %.4f (n=%d), p=%.4g, alpha=%.3f, planned %d per arm",
          verdict, meanA, nA, meanB, nB, pValue, alpha, requiredPerArm);
    }
  }

  /**
   * Decides on success rates: planned n per arm from {@link SampleSize#twoProportionsPerArm} to detect
   * the change from the control's {@code baselineRate} to {@code baselineRate + minDetectableEffect};
   * pooled two-proportion z-test, two-sided.
   */
  public Decision decideSuccessRate(double baselineRate, double minDetectableEffect, double alpha, double power) {
    int required = SampleSize.twoProportionsPerArm(baselineRate, baselineRate + minDetectableEffect, alpha, power);
    long nA = trials(0);
    long nB = trials(1);
    double pA = nA == 0 ? Double.NaN : (double) successes(0) / nA;
    double pB = nB == 0 ? Double.NaN : (double) successes(1) / nB;
    double p = Double.NaN;
    if (nA > 0 && nB > 0) {
      double pooled = (double) (successes(0) + successes(1)) / (nA + nB);
      double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / nA + 1.0 / nB));
      p = se == 0 ? 1.0 : 2 * (1 - new NormalDistribution(null, 0, 1).cumulativeProbability(Math.abs(pB - pA) / se));
    }
    return decide(required, nA, nB, pA, pB, p, alpha);
  }

  /**
   * Decides on graded values: planned n per arm for a difference of means {@code minDetectableEffect}
   * when each arm's values have standard deviation {@code sd} — {@link SampleSize#pairedDifference}
   * with σ_d = σ·√2, the standard deviation of the difference of two independent observations;
   * Welch's two-sided t-test.
   */
  public Decision decideGraded(double sd, double minDetectableEffect, double alpha, double power) {
    int required = SampleSize.pairedDifference(sd * Math.sqrt(2), minDetectableEffect, alpha, power);
    SummaryStatistics a;
    SummaryStatistics b;
    synchronized (arms[0].graded) {
      a = arms[0].graded.copy();
    }
    synchronized (arms[1].graded) {
      b = arms[1].graded.copy();
    }
    double p = Double.NaN;
    if (a.getN() >= 2 && b.getN() >= 2) {
      p = a.getVariance() + b.getVariance() == 0 ? (a.getMean() == b.getMean() ? 1.0 : 0.0) : new TTest().tTest(a, b);
    }
    return decide(required, a.getN(), b.getN(), a.getN() == 0 ? Double.NaN : a.getMean(),
        b.getN() == 0 ? Double.NaN : b.getMean(), p, alpha);
  }

  private static Decision decide(int required, long nA, long nB, double mA, double mB, double p, double alpha) {
    Decision.Verdict v;
    if (nA < required || nB < required || Double.isNaN(p)) {
      v = Decision.Verdict.CONTINUE;
    } else if (p >= alpha) {
      v = Decision.Verdict.NO_DIFFERENCE;
    } else {
      v = mB > mA ? Decision.Verdict.B_BETTER : Decision.Verdict.B_WORSE;
    }
    return new Decision(v, required, nA, nB, mA, mB, p, alpha);
  }
}

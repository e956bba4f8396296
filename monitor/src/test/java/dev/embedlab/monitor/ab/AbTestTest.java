package dev.embedlab.monitor.ab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AbTestTest {
  private static final int N = 100_000;

  /**
   * The count in an arm of share w over N distinct ids is Binomial(N, w): SD = √(N·w·(1−w)) —
   * 158.1 for 50/50, 94.9 for 90/10 at N = 100,000. Tolerance: 4 SD (a correct hash fails with
   * probability 6e-5 per check).
   */
  @Test
  void splitIsDeterministicAndWithinFourBinomialSdOfTheRatio() {
    for (double share : new double[] {0.5, 0.1}) {
      Assignment a = Assignment.of("exp-2026-11", List.of("A", "B"), 1 - share, share);
      int inB = 0;
      for (int i = 0; i < N; i++) {
        if (a.armIndex("user-" + i) == 1) {
          inB++;
        }
      }
      double sd = Math.sqrt(N * share * (1 - share));
      double dev = inB - N * share;
      System.out.printf("share %.2f: %d of %d in B (expected %.0f, deviation %.1f = %.2f SD, tolerance 4 SD = %.0f)%n",
          share, inB, N, N * share, dev, dev / sd, 4 * sd);
      assertTrue(Math.abs(dev) <= 4 * sd, "deviation " + dev + " > 4 SD (" + 4 * sd + ")");
      Assignment again = Assignment.of("exp-2026-11", List.of("A", "B"), 1 - share, share);
      for (int i = 0; i < 1000; i++) {
        assertEquals(a.arm("user-" + i), again.arm("user-" + i), "deterministic");
      }
    }
  }

  @Test
  void aNewSaltReshufflesIndependently() {
    Assignment a = Assignment.even("exp-1");
    Assignment b = Assignment.even("exp-2");
    int same = 0;
    for (int i = 0; i < 10_000; i++) {
      if (a.armIndex("u" + i) == b.armIndex("u" + i)) {
        same++;
      }
    }
    // independent: agreement ~ Binomial(10000, 0.5), SD 50
    assertTrue(Math.abs(same - 5000) < 200, "agreement " + same);
    double u = a.unit("u1");
    assertTrue(u >= 0 && u < 1);
  }

  @Test
  void decidesOnlyAtThePlannedSizeAndFindsARealImprovement() {
    AbTest t = new AbTest(Assignment.even("clicks"));
    SplittableRandom r = new SplittableRandom(3);
    // B's true click rate 0.13 vs A's 0.10; plan for an effect of 0.03 at alpha 0.05, power 0.8
    int required = dev.embedlab.eval.stats.SampleSize.twoProportionsPerArm(0.10, 0.13, 0.05, 0.8);
    int id = 0;
    AbTest.Decision early = null;
    while (t.trials(0) < required || t.trials(1) < required) {
      String user = "u" + id++;
      boolean click = r.nextDouble() < (t.armOf(user) == 1 ? 0.13 : 0.10);
      t.recordSuccess(user, click);
      if (id == 300) {
        early = t.decideSuccessRate(0.10, 0.03, 0.05, 0.8);
      }
    }
    assertEquals(AbTest.Decision.Verdict.CONTINUE, early.verdict(), "no verdict before the planned size: " + early.summary());
    AbTest.Decision d = t.decideSuccessRate(0.10, 0.03, 0.05, 0.8);
    System.out.println(d.summary());
    assertEquals(required, d.requiredPerArm());
    assertEquals(AbTest.Decision.Verdict.B_BETTER, d.verdict(), d.summary());
  }

  @Test
  void anAaTestOnGradedValuesFindsNoDifference() {
    AbTest t = new AbTest(Assignment.even("graded"));
    SplittableRandom r = new SplittableRandom(11);
    int required = dev.embedlab.eval.stats.SampleSize.pairedDifference(Math.sqrt(2) * 1.0, 0.2, 0.05, 0.8);
    for (int i = 0; i < 2 * required + 400; i++) {
      t.recordGraded("u" + i, r.nextInt(4)); // relevance 0..3, same distribution in both arms (sd ~1.1)
    }
    AbTest.Decision d = t.decideGraded(1.0, 0.2, 0.05, 0.8);
    System.out.println(d.summary());
    assertEquals(AbTest.Decision.Verdict.NO_DIFFERENCE, d.verdict(), d.summary());
    assertThrows(IllegalArgumentException.class, () -> t.recordGraded("u", Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new AbTest(Assignment.of("s", List.of("a", "b", "c"), 1, 1, 1)));
  }
}

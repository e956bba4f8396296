package dev.embedlab.eval.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embedlab.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Pair metrics against scikit-learn 1.2.1 / scipy 1.10.1 (shared oracle and hand-run cases). */
class PairMetricsTest {
  static final double EXACT = 1e-9;

  // Hand case run through /usr/bin/python3 (scikit-learn 1.2.1, scipy 1.10.1):
  // y=[0,0,1,1,0,1,1,0]; s=[0.1,0.4,0.35,0.8,0.4,0.8,0.2,0.9]
  static final int[] Y = {0, 0, 1, 1, 0, 1, 1, 0};
  static final double[] S = {0.1, 0.4, 0.35, 0.8, 0.4, 0.8, 0.2, 0.9};

  @Test
  void stsOracle() throws IOException {
    Path dir = SharedData.require("oracles");
    List<String> lines = Files.readAllLines(dir.resolve("sts-test-system-scores.tsv"));
    int n = lines.size() - 1;
    double[] gold = new double[n];
    int[] label = new int[n];
    double[] score = new double[n];
    for (int i = 0; i < n; i++) {
      String[] f = lines.get(i + 1).split("\t");
      gold[i] = Double.parseDouble(f[0]);
      label[i] = Integer.parseInt(f[1]);
      score[i] = Double.parseDouble(f[2]);
    }
    JsonNode e = new ObjectMapper().readTree(dir.resolve("sts-test-system-scores.expected.json").toFile());
    assertEquals(e.get("n_pairs").asInt(), n);
    assertEquals(e.get("n_positive").asInt(), java.util.Arrays.stream(label).sum());
    double[] errs = {
      Math.abs(PairMetrics.rocAuc(score, label) - e.get("roc_auc").asDouble()),
      Math.abs(PairMetrics.averagePrecision(score, label) - e.get("average_precision").asDouble()),
      Math.abs(PairMetrics.spearman(score, gold) - e.get("spearman_score_vs_gold").asDouble()),
      Math.abs(PairMetrics.pearson(score, gold) - e.get("pearson_score_vs_gold").asDouble())
    };
    String[] names = {"roc_auc", "average_precision", "spearman", "pearson"};
    for (int i = 0; i < errs.length; i++) {
      assertTrue(errs[i] <= EXACT, names[i] + " error " + errs[i]);
    }
    assertEquals(e.get("roc_curve_points").asInt(), PairMetrics.rocCurve(score, label).size());
    assertEquals(e.get("pr_curve_points").asInt(), PairMetrics.precisionRecallCurve(score, label).size());
    System.out.printf("oracle sts-test-system-scores.expected.json: max abs error roc_auc %.3e ap %.3e spearman %.3e pearson %.3e; curve points equal%n",
        errs[0], errs[1], errs[2], errs[3]);
  }

  @Test
  void rocCurveAndAucEqualSklearnOnHandCase() {
    Curve roc = PairMetrics.rocCurve(S, Y);
    assertArrayEquals(new double[] {0.0, 0.25, 0.25, 0.75, 0.75, 1.0}, roc.x(), EXACT);
    assertArrayEquals(new double[] {0.0, 0.0, 0.5, 0.5, 1.0, 1.0}, roc.y(), EXACT);
    assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, 0.9, 0.8, 0.4, 0.2, 0.1}, roc.thresholds(), EXACT);
    assertEquals(0.5, PairMetrics.rocAuc(S, Y), EXACT);
    // without dropping: one point per distinct score (6) + origin
    assertEquals(7, PairMetrics.rocCurve(S, Y, false).size());
  }

  @Test
  void prCurveAndApEqualSklearnOnHandCase() {
    Curve pr = PairMetrics.precisionRecallCurve(S, Y);
    assertArrayEquals(new double[] {0.5, 0.5714285714285714, 0.5, 0.4, 0.6666666666666666, 0.0, 1.0}, pr.y(), EXACT);
    assertArrayEquals(new double[] {1.0, 1.0, 0.75, 0.5, 0.5, 0.0, 0.0}, pr.x(), EXACT);
    assertArrayEquals(new double[] {0.1, 0.2, 0.35, 0.4, 0.8, 0.9}, pr.thresholds(), EXACT);
    assertEquals(0.6011904761904762, PairMetrics.averagePrecision(S, Y), EXACT);
  }

  @Test
  void aucEqualsMannWhitneyWithHalfTiesOnRandomData() {
    long seed = 20261127L;
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int n : new int[] {2, 13, 207, 1021}) {
      double[] s = new double[n];
      int[] y = new int[n];
      for (int i = 0; i < n; i++) {
        s[i] = Math.round(rnd.nextDouble() * 20) / 20.0; // many ties
        y[i] = i < 1 ? 0 : i < 2 ? 1 : rnd.nextInt(2);
      }
      double num = 0;
      long pos = 0;
      long neg = 0;
      for (int i = 0; i < n; i++) {
        if (y[i] == 1) {
          pos++;
        } else {
          neg++;
        }
        for (int j = 0; j < n; j++) {
          if (y[i] == 1 && y[j] == 0) {
            num += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
          }
        }
      }
      assertEquals(num / (pos * neg), PairMetrics.rocAuc(s, y), 1e-12, "seed=" + seed + " n=" + n);
    }
  }

  @Test
  void bestThresholdsHandComputed() {
    // scores desc: 0.9(0) 0.8(1) 0.8(1) 0.4(0) 0.4(0) 0.35(1) 0.2(1) 0.1(0); 4 pos, 4 neg
    // cut >=0.8: tp2 fp1 tn3 fn2 -> acc 5/8; all-negative 4/8; >=0.2: tp4 fp3 -> acc 5/8 (first best wins)
    PairMetrics.ThresholdResult acc = PairMetrics.bestAccuracy(S, Y);
    assertEquals(5.0 / 8, acc.value(), EXACT);
    assertEquals((0.8 + 0.4) / 2, acc.threshold(), EXACT);
    // F1: >=0.8 P=2/3 R=1/2 F1=4/7; >=0.2 P=4/7 R=1 F1=8/11; >=0.1 P=1/2 R=1 F1=2/3
    PairMetrics.F1Result f1 = PairMetrics.bestF1(S, Y);
    assertEquals(8.0 / 11, f1.f1(), EXACT);
    assertEquals(4.0 / 7, f1.precision(), EXACT);
    assertEquals(1.0, f1.recall(), EXACT);
    assertEquals((0.2 + 0.1) / 2, f1.threshold(), EXACT);
  }

  @Test
  void mccEqualsSklearn() {
    // sklearn matthews_corrcoef(y, s>=0.4) = -0.2581988897471611
    assertEquals(-0.2581988897471611, PairMetrics.mcc(S, Y, 0.4), EXACT);
    assertEquals(1.0, PairMetrics.mcc(new int[] {1, 0, 1}, new int[] {1, 0, 1}), EXACT);
    assertEquals(0.0, PairMetrics.mcc(new int[] {1, 1, 1}, new int[] {1, 0, 1}), EXACT, "zero denominator -> 0");
  }

  @Test
  void spearmanAveragesTiesLikeScipy() {
    // scipy: spearmanr(a,b)=0.09318388040070494, pearsonr(a,b)=0.0920574617898324
    double[] a = {1, 2, 2, 3, 5, 5, 5, 8};
    double[] b = {2, 1, 4, 4, 3, 9, 9, 0};
    assertEquals(0.09318388040070494, PairMetrics.spearman(a, b), EXACT);
    assertEquals(0.0920574617898324, PairMetrics.pearson(a, b), EXACT);
    assertArrayEquals(new double[] {1, 2.5, 2.5, 4, 6, 6, 6, 8}, PairMetrics.averageRanks(a), 0.0);
    assertArrayEquals(new double[] {1.5, 1.5, 3}, PairMetrics.averageRanks(new double[] {-0.0, 0.0, 1}), 0.0,
        "-0.0 and 0.0 tie, as in scipy");
    assertTrue(Double.isNaN(PairMetrics.pearson(new double[] {1, 1, 1}, new double[] {1, 2, 3})), "constant -> NaN as scipy");
    // Non-finite input is refused by both correlations, never turned into a NaN result.
    assertEquals("y must be finite; y[2]=NaN", assertThrows(IllegalArgumentException.class,
        () -> PairMetrics.pearson(new double[] {1, 2, 3}, new double[] {1, 2, Double.NaN})).getMessage());
    assertEquals("x must be finite; x[0]=Infinity", assertThrows(IllegalArgumentException.class,
        () -> PairMetrics.spearman(new double[] {Double.POSITIVE_INFINITY, 2, 3}, new double[] {1, 2, 3}))
        .getMessage());
  }

  @Test
  void pairEvaluationBundlesTheSameNumbers() {
    List<dev.embedlab.data.Pair> pairs = new java.util.ArrayList<>();
    for (int i = 0; i < S.length; i++) {
      pairs.add(new dev.embedlab.data.Pair("a" + i, "b" + i, i * 0.5, Y[i]));
    }
    dev.embedlab.data.PairDataset ds = new dev.embedlab.data.PairDataset("hand", null, null, pairs);
    PairEvaluation e = PairEvaluation.of(S, ds);
    assertEquals(0.5, e.rocAuc(), EXACT);
    assertEquals(0.6011904761904762, e.averagePrecision(), EXACT);
    assertEquals(8.0 / 11, e.bestF1().f1(), EXACT);
    assertEquals(PairMetrics.spearman(S, ds.scores()), e.spearman(), 0.0);
    assertEquals(PairMetrics.mcc(S, Y, e.bestF1().threshold()), e.mccAtBestF1(), 0.0);
  }

  @Test
  void invalidInputsAreRejectedWithTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PairMetrics.rocAuc(new double[] {0.1, 0.2}, new int[] {1, 1}));
    assertTrue(e.getMessage().contains("negatives=0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> PairMetrics.rocAuc(new double[] {0.1, Double.NaN}, new int[] {1, 0}));
    assertTrue(e.getMessage().contains("scores[1]=NaN"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> PairMetrics.rocAuc(new double[] {0.1, 0.2}, new int[] {1, 2}));
    assertTrue(e.getMessage().contains("labels[1]=2"), e.getMessage());
  }
}

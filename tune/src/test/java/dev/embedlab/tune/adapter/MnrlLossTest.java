package dev.embedlab.tune.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MnrlLossTest {
  /** Central differences in double with h = 1e-6 leave ~1e-9 truncation/rounding error. */
  private static final double MAX_RELATIVE_ERROR = 1e-4;

  private static float[] randomVector(Random r, int d) {
    float[] v = new float[d];
    for (int i = 0; i < d; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  private static List<TrainingExample> randomBatch(Random r, int b, int d, int negs) {
    List<TrainingExample> out = new ArrayList<>();
    for (int i = 0; i < b; i++) {
      List<String> ids = new ArrayList<>();
      float[][] nv = new float[negs][];
      for (int k = 0; k < negs; k++) {
        ids.add("n" + i + "_" + k);
        nv[k] = randomVector(r, d);
      }
      out.add(new TrainingExample("q" + i, randomVector(r, d), "p" + i, randomVector(r, d), ids, nv, Set.of("p" + i)));
    }
    // query 0 has a second positive p1 (shared with query 1): exercises masking
    TrainingExample e0 = out.get(0);
    out.set(0, new TrainingExample("q0", e0.query(), "p0", e0.positive(), e0.negativeIds(), e0.negatives(),
        Set.of("p0", "p1")));
    // a hard negative shared by two anchors: exercises de-duplication of columns
    if (negs > 0 && b > 2) {
      TrainingExample e2 = out.get(2);
      List<String> ids = new ArrayList<>(e2.negativeIds());
      float[][] nv = e2.negatives().clone();
      ids.set(0, out.get(1).negativeIds().get(0));
      nv[0] = out.get(1).negatives()[0];
      out.set(2, new TrainingExample("q2", e2.query(), "p2", e2.positive(), ids, nv, Set.of("p2")));
    }
    return out;
  }

  private static double[] nearIdentity(Random r, int d, double noise) {
    double[] w = new double[d * d];
    for (int i = 0; i < d * d; i++) {
      w[i] = (i / d == i % d ? 1 : 0) + noise * r.nextGaussian();
    }
    return w;
  }

  private void checkGradient(long seed, int b, int d, int negs, AdapterSides sides, boolean withBias, double l2,
      double scale) {
    Random r = new Random(seed);
    MnrlLoss.Batch batch = MnrlLoss.batch(randomBatch(r, b, d, negs));
    double[] w = nearIdentity(r, d, 0.3);
    double[] bias = withBias ? new double[d] : null;
    if (withBias) {
      for (int i = 0; i < d; i++) {
        bias[i] = 0.2 * r.nextGaussian();
      }
    }
    double[] gw = new double[d * d];
    double[] gb = withBias ? new double[d] : null;
    MnrlLoss.lossAndGradient(batch, w, bias, sides, scale, l2, gw, gb);
    double h = 1e-6;
    double num = 0, den = 0;
    double[] fdW = new double[d * d];
    for (int i = 0; i < d * d; i++) {
      double keep = w[i];
      w[i] = keep + h;
      double plus = MnrlLoss.lossAndGradient(batch, w, bias, sides, scale, l2, null, null);
      w[i] = keep - h;
      double minus = MnrlLoss.lossAndGradient(batch, w, bias, sides, scale, l2, null, null);
      w[i] = keep;
      fdW[i] = (plus - minus) / (2 * h);
      num += (fdW[i] - gw[i]) * (fdW[i] - gw[i]);
      den += fdW[i] * fdW[i];
    }
    if (withBias) {
      for (int i = 0; i < d; i++) {
        double keep = bias[i];
        bias[i] = keep + h;
        double plus = MnrlLoss.lossAndGradient(batch, w, bias, sides, scale, l2, null, null);
        bias[i] = keep - h;
        double minus = MnrlLoss.lossAndGradient(batch, w, bias, sides, scale, l2, null, null);
        bias[i] = keep;
        double fd = (plus - minus) / (2 * h);
        num += (fd - gb[i]) * (fd - gb[i]);
        den += fd * fd;
      }
    }
    double rel = Math.sqrt(num) / Math.sqrt(den);
    assertTrue(den > 1e-12, "gradient must not vanish in this check; seed " + seed);
    assertTrue(rel < MAX_RELATIVE_ERROR,
        "relative error " + rel + " (seed " + seed + ", sides " + sides + ", bias " + withBias + ", l2 " + l2 + ")");
    // per-entry check on the entries that carry the gradient
    double maxAbs = 0;
    for (double v : fdW) {
      maxAbs = Math.max(maxAbs, Math.abs(v));
    }
    for (int i = 0; i < d * d; i++) {
      if (Math.abs(fdW[i]) > 0.1 * maxAbs) {
        assertEquals(fdW[i], gw[i], MAX_RELATIVE_ERROR * Math.abs(fdW[i]), "entry " + i + ", seed " + seed);
      }
    }
  }

  @Test
  void gradientMatchesFiniteDifferencesQuerySide() {
    checkGradient(11, 5, 7, 2, AdapterSides.QUERY, false, 0, 20);
  }

  @Test
  void gradientMatchesFiniteDifferencesWithBiasAndRegulariser() {
    checkGradient(12, 4, 13, 3, AdapterSides.QUERY, true, 0.05, 20);
  }

  @Test
  void gradientMatchesFiniteDifferencesBothSides() {
    checkGradient(13, 6, 9, 1, AdapterSides.BOTH, true, 0.01, 20);
    checkGradient(14, 3, 5, 0, AdapterSides.BOTH, false, 0, 1);
  }

  @Test
  void handComputedLossForOrthogonalPairs() {
    // q_i = p_i = e_i, identity W: s_ii = scale, s_ij = 0, so L = log(e^scale + (B-1)) - scale
    int d = 3;
    List<TrainingExample> ex = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      float[] e = new float[d];
      e[i] = 2f; // length 2: cosine normalises it away
      ex.add(TrainingExample.of("q" + i, e, "p" + i, e.clone(), Set.of("p" + i)));
    }
    double[] w = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    double loss = MnrlLoss.lossAndGradient(MnrlLoss.batch(ex), w, null, AdapterSides.QUERY, 20, 0, null, null);
    assertEquals(Math.log(Math.exp(20) + 2) - 20, loss, 1e-15);
    double lossScale1 = MnrlLoss.lossAndGradient(MnrlLoss.batch(ex), w, null, AdapterSides.QUERY, 1, 0, null, null);
    assertEquals(Math.log(Math.E + 2) - 1, lossScale1, 1e-15);
  }

  @Test
  void otherPositivesOfTheSameQueryAreMaskedNotTrainedAway() {
    // (q, a) and (q, b): both relevant. Without masking each row would see the other positive as a
    // negative; with masking each row's softmax has only its own positive, so the loss is exactly 0.
    float[] q = {1, 0};
    List<TrainingExample> ex = List.of(
        TrainingExample.of("q", q, "a", new float[] {1, 1}, Set.of("a", "b")),
        TrainingExample.of("q", q, "b", new float[] {1, -1}, Set.of("a", "b")));
    MnrlLoss.Batch batch = MnrlLoss.batch(ex);
    assertEquals(2, batch.c());
    double[] gw = new double[4];
    double loss = MnrlLoss.lossAndGradient(batch, new double[] {1, 0, 0, 1}, null, AdapterSides.QUERY, 20, 0, gw, null);
    assertEquals(0, loss, 0);
    for (double g : gw) {
      assertEquals(0, g, 0);
    }
  }
}

package dev.embedlab.tune.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.VectorUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Synthetic task: documents are random unit vectors; a query is a fixed, unknown linear distortion
 * M of its document plus noise. The identity ranks poorly; the best linear adapter is ~M⁻¹.
 */
class AdapterTrainerTest {
  private static final long SEED = 7;
  private static final int D = 24;

  private record Task(float[][] docs, float[][] trainQ, int[] trainDoc, float[][] testQ, int[] testDoc) {}

  private static Task task(long seed, int nDocs, int nTrain, int nTest) {
    Random r = new Random(seed);
    float[][] docs = new float[nDocs][D];
    for (float[] doc : docs) {
      for (int t = 0; t < D; t++) {
        doc[t] = (float) r.nextGaussian();
      }
      VectorUtil.normalizeInPlace(doc);
    }
    double[][] m = new double[D][D];
    for (int i = 0; i < D; i++) {
      for (int j = 0; j < D; j++) {
        m[i][j] = (i == j ? 1 : 0) + 0.45 * r.nextGaussian();
      }
    }
    int[] trDoc = new int[nTrain];
    int[] teDoc = new int[nTest];
    float[][] trQ = new float[nTrain][];
    float[][] teQ = new float[nTest][];
    for (int i = 0; i < nTrain + nTest; i++) {
      int doc = r.nextInt(nDocs);
      float[] q = new float[D];
      for (int a = 0; a < D; a++) {
        double s = 0;
        for (int b = 0; b < D; b++) {
          s += m[a][b] * docs[doc][b];
        }
        q[a] = (float) (s + 0.05 * r.nextGaussian());
      }
      VectorUtil.normalizeInPlace(q);
      if (i < nTrain) {
        trQ[i] = q;
        trDoc[i] = doc;
      } else {
        teQ[i - nTrain] = q;
        teDoc[i - nTrain] = doc;
      }
    }
    return new Task(docs, trQ, trDoc, teQ, teDoc);
  }

  private static List<TrainingExample> examples(Task t, int hardNegs) {
    List<TrainingExample> out = new ArrayList<>();
    for (int i = 0; i < t.trainQ().length; i++) {
      int pos = t.trainDoc()[i];
      // hard negatives: the docs the identity ranks highest, minus the positive
      List<String> ids = new ArrayList<>();
      List<float[]> vecs = new ArrayList<>();
      Integer[] order = new Integer[t.docs().length];
      for (int k = 0; k < order.length; k++) {
        order[k] = k;
      }
      float[] q = t.trainQ()[i];
      java.util.Arrays.sort(order, (a, b) -> Float.compare(VectorUtil.dot(q, t.docs()[b]), VectorUtil.dot(q, t.docs()[a])));
      for (int k = 0; k < order.length && ids.size() < hardNegs; k++) {
        if (order[k] != pos) {
          ids.add("d" + order[k]);
          vecs.add(t.docs()[order[k]]);
        }
      }
      out.add(new TrainingExample("q" + i, q, "d" + pos, t.docs()[pos], ids, vecs.toArray(new float[0][]),
          Set.of("d" + pos)));
    }
    return out;
  }

  private static double top1(Task t, LinearAdapter a) {
    int hits = 0;
    for (int i = 0; i < t.testQ().length; i++) {
      float[] q = a.apply(t.testQ()[i]);
      int best = -1;
      double bestS = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < t.docs().length; k++) {
        float[] doc = a.sides() == AdapterSides.BOTH ? a.apply(t.docs()[k]) : t.docs()[k];
        double s = VectorUtil.dot(q, doc);
        if (s > bestS) {
          bestS = s;
          best = k;
        }
      }
      hits += best == t.testDoc()[i] ? 1 : 0;
    }
    return hits / (double) t.testQ().length;
  }

  @Test
  void learnsTheDistortionAndBeatsIdentityOnHeldOutQueries() {
    Task t = task(SEED, 400, 600, 200);
    AdapterTrainer trainer = AdapterTrainer.builder().epochs(30).batchSize(64).learningRate(5e-3).seed(SEED)
        .validationFraction(0.15).patience(4).build();
    TrainingResult r = trainer.train(examples(t, 3));
    double before = top1(t, LinearAdapter.identity(D, false, AdapterSides.QUERY));
    double after = top1(t, r.adapter());
    assertTrue(after > before + 0.2, "top-1 before " + before + ", after " + after + " (seed " + SEED + ")");
    List<Double> val = r.report().validationLoss();
    assertTrue(val.get(r.report().bestEpoch()) < val.get(0), "validation loss must improve: " + val);
    assertEquals(90, r.report().validationExamples());
    assertEquals(510, r.report().trainExamples());
    assertTrue(r.report().bestEpoch() >= 1);
  }

  @Test
  void bothSidesWithBiasAlsoLearnsAndSgdWorks() {
    Task t = task(SEED + 1, 300, 500, 150);
    TrainingResult both = AdapterTrainer.builder().epochs(25).learningRate(5e-3).sides(AdapterSides.BOTH).bias(true)
        .seed(SEED).build().train(examples(t, 2));
    assertEquals(AdapterSides.BOTH, both.adapter().sides());
    assertTrue(both.adapter().hasBias());
    double before = top1(t, LinearAdapter.identity(D, false, AdapterSides.QUERY));
    assertTrue(top1(t, both.adapter()) > before + 0.1, "before " + before + ", after " + top1(t, both.adapter()));
    TrainingResult sgd = AdapterTrainer.builder().epochs(25).optimizer(Optimizer.SGD).learningRate(0.5).seed(SEED)
        .build().train(examples(t, 2));
    assertTrue(top1(t, sgd.adapter()) > before + 0.1, "sgd: before " + before + ", after " + top1(t, sgd.adapter()));
  }

  @Test
  void sameSeedSameAdapterOtherSeedOtherAdapter() {
    Task t = task(SEED + 2, 100, 120, 10);
    AdapterTrainer.Builder b = AdapterTrainer.builder().epochs(3).batchSize(16).validationFraction(0);
    String a1 = b.seed(1).build().train(examples(t, 1)).adapter().fingerprint();
    String a2 = b.seed(1).build().train(examples(t, 1)).adapter().fingerprint();
    String a3 = b.seed(2).build().train(examples(t, 1)).adapter().fingerprint();
    assertEquals(a1, a2);
    assertNotEquals(a1, a3);
  }

  @Test
  void strongPullToIdentityKeepsTheMapNearIdentity() {
    Task t = task(SEED + 3, 100, 200, 10);
    double free = AdapterTrainer.builder().epochs(5).validationFraction(0).seed(SEED).build()
        .train(examples(t, 1)).adapter().distanceFromIdentity();
    double pulled = AdapterTrainer.builder().epochs(5).validationFraction(0).l2ToIdentity(10).learningRate(1e-3)
        .seed(SEED).build().train(examples(t, 1)).adapter().distanceFromIdentity();
    assertTrue(pulled < free, "pulled " + pulled + " must be < free " + free);
  }

  @Test
  void rejectsBadOptionsAndMixedDimensions() {
    assertEquals("scale must be finite and > 0; scale=0.0",
        assertThrows(IllegalArgumentException.class, () -> AdapterTrainer.builder().scale(0)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> AdapterTrainer.builder().validationFraction(1));
    assertThrows(IllegalArgumentException.class, () -> AdapterTrainer.builder().batchSize(0));
    List<TrainingExample> mixed = List.of(
        TrainingExample.of("a", new float[2], "x", new float[2], Set.of("x")),
        TrainingExample.of("b", new float[3], "y", new float[3], Set.of("y")));
    assertEquals("examples[1] has dimension 3; expected 2", assertThrows(IllegalArgumentException.class,
        () -> AdapterTrainer.builder().build().train(mixed)).getMessage());
  }
}

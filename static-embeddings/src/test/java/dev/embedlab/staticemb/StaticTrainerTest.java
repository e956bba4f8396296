package dev.embedlab.staticemb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The trainer on a synthetic task: 40 "concepts", each written with two disjoint words (w{i}a, w{i}b)
 * plus shared filler words; pairs join the two spellings. A random table cannot match them;
 * training must.
 */
class StaticTrainerTest {
  private static final int CONCEPTS = 40;
  private static final long SEED = 11;

  private static List<String> words() {
    List<String> w = new ArrayList<>();
    for (int i = 0; i < CONCEPTS; i++) {
      w.add("w" + i + "a");
      w.add("w" + i + "b");
    }
    w.addAll(List.of("the", "of", "and", "unused"));
    return w;
  }

  private static StaticModel randomModel(int dim) {
    List<String> w = words();
    float[] t = new float[(w.size() + 1) * dim];
    Random r = new Random(SEED);
    for (int i = 0; i < t.length; i++) {
      t[i] = (float) r.nextGaussian();
    }
    return StaticModel.builder(TestTokenizers.wordLevel(w), t, dim).build();
  }

  private static List<TrainingPair> pairs(int from, int to, boolean scored) {
    List<TrainingPair> p = new ArrayList<>();
    String[] filler = {"the", "of", "and"};
    for (int i = from; i < to; i++) {
      String a = filler[i % 3] + " w" + i + "a";
      String b = "w" + i + "b " + filler[(i + 1) % 3];
      if (scored) {
        p.add(new TrainingPair(a, b, 5.0, null));
        p.add(new TrainingPair(a, "w" + ((i + 7) % CONCEPTS) + "b", 0.0, null));
      } else {
        p.add(new TrainingPair(a, b, Double.NaN, i % 2 == 0 ? "w" + ((i + 3) % CONCEPTS) + "b" : null));
      }
    }
    return p;
  }

  /** Fraction of concepts whose "a" word's nearest "b" word is its own. */
  static double matchAccuracy(StaticEmbedder e) {
    List<String> as = new ArrayList<>();
    List<String> bs = new ArrayList<>();
    for (int i = 0; i < CONCEPTS; i++) {
      as.add("w" + i + "a");
      bs.add("w" + i + "b");
    }
    float[][] a = e.embed(as);
    float[][] b = e.embed(bs);
    int hits = 0;
    for (int i = 0; i < CONCEPTS; i++) {
      int best = 0;
      for (int j = 1; j < CONCEPTS; j++) {
        if (StaticEmbedderTest.dot(a[i], b[j]) > StaticEmbedderTest.dot(a[i], b[best])) {
          best = j;
        }
      }
      hits += best == i ? 1 : 0;
    }
    return (double) hits / CONCEPTS;
  }

  @Test
  void inBatchNegativesLearnToMatchPairsAndTouchOnlyTheirRows() {
    StaticModel init = randomModel(16);
    StaticTrainer.Result r = StaticTrainer.builder(init).epochs(30).batchSize(16).learningRate(0.5).seed(SEED)
        .matryoshkaDims(16, 8).evaluator(StaticTrainerTest::matchAccuracy).patience(30).build()
        .train(pairs(0, CONCEPTS, false));
    System.out.printf("MNRL: accuracy %.3f at epoch %d, seed %d%n", r.bestHeldOut(), r.bestEpoch(), SEED);
    assertTrue(r.bestHeldOut() >= 0.9, "accuracy " + r.bestHeldOut());
    int unused = words().indexOf("unused") + 1;
    assertArrayEquals(init.row(unused), r.model().row(unused), "a row no pair touches is unchanged");
    assertNotEquals(init.row(1)[0], r.model().row(1)[0]);
    // The 8-dim prefix works too (Matryoshka).
    try (StaticEmbedder e = new StaticEmbedder(truncate(r.model(), 8), "prefix")) {
      assertTrue(matchAccuracy(e) >= 0.8, "8-dim prefix accuracy " + matchAccuracy(e));
    }
  }

  @Test
  void cosentOrdersScoredPairs() {
    StaticModel init = randomModel(16);
    // Fraction of anchors whose gold pair (score 5) is closer than their score-0 pair.
    java.util.function.ToDoubleFunction<StaticEmbedder> ordered = e -> {
      int ok = 0;
      for (int i = 0; i < CONCEPTS; i++) {
        float[][] v = e.embed(List.of("w" + i + "a", "w" + i + "b", "w" + ((i + 7) % CONCEPTS) + "b"));
        ok += StaticEmbedderTest.dot(v[0], v[1]) > StaticEmbedderTest.dot(v[0], v[2]) ? 1 : 0;
      }
      return (double) ok / CONCEPTS;
    };
    double before;
    try (StaticEmbedder e = new StaticEmbedder(init, "init")) {
      before = ordered.applyAsDouble(e);
    }
    StaticTrainer.Result r = StaticTrainer.builder(init).epochs(10).batchSize(20).learningRate(0.5).seed(SEED)
        .evaluator(ordered).patience(10).build().train(pairs(0, CONCEPTS, true));
    System.out.printf("CoSENT: ordered pairs %.3f -> %.3f, loss %.4f -> %.4f%n", before, r.bestHeldOut(),
        r.history().get(0).meanLoss(), r.history().get(r.history().size() - 1).meanLoss());
    assertTrue(r.bestHeldOut() >= 0.95, "before " + before + ", after " + r.bestHeldOut());
    assertTrue(r.history().get(r.history().size() - 1).meanLoss() < 0.1 * r.history().get(0).meanLoss());
  }

  @Test
  void sameSeedSameBytesOtherSeedOtherBytes() {
    StaticModel init = randomModel(8);
    List<TrainingPair> p = pairs(0, CONCEPTS, false);
    String a = StaticTrainer.builder(init).epochs(2).batchSize(8).seed(1).build().train(p).model().sha256();
    String b = StaticTrainer.builder(init).epochs(2).batchSize(8).seed(1).build().train(p).model().sha256();
    String c = StaticTrainer.builder(init).epochs(2).batchSize(8).seed(2).build().train(p).model().sha256();
    assertEquals(a, b);
    assertNotEquals(a, c);
  }

  @Test
  void earlyStoppingKeepsTheBestEpoch() {
    StaticModel init = randomModel(8);
    int[] calls = {0};
    // Held-out score falls after the first evaluation (the initial model): training stops after
    // `patience` epochs and the initial table is returned.
    StaticTrainer.Result r = StaticTrainer.builder(init).epochs(10).patience(2)
        .evaluator(e -> -(calls[0]++)).build().train(pairs(0, CONCEPTS, false));
    assertEquals(2, r.history().size());
    assertEquals(0, r.bestEpoch());
    assertEquals(init.sha256(), r.model().sha256());
  }

  private static StaticModel truncate(StaticModel m, int k) {
    int rows = m.rows();
    float[] t = new float[rows * k];
    for (int i = 0; i < rows; i++) {
      System.arraycopy(m.row(i), 0, t, i * k, k);
    }
    return StaticModel.builder(m.tokenizerJson(), t, k).build();
  }
}

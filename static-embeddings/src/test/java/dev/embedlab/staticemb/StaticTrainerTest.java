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

  /** Per concept a seeded teacher vector; both spellings (with filler) are distilled towards it. */
  private static List<TextTarget> targets(int dims) {
    Random r = new Random(SEED + 1);
    String[] filler = {"the", "of", "and"};
    List<TextTarget> t = new ArrayList<>();
    for (int i = 0; i < CONCEPTS; i++) {
      float[] v = new float[dims];
      for (int j = 0; j < dims; j++) {
        v[j] = (float) r.nextGaussian();
      }
      t.add(new TextTarget(filler[i % 3] + " w" + i + "a", v));
      t.add(new TextTarget("w" + i + "b " + filler[(i + 1) % 3], v));
    }
    return t;
  }

  @Test
  void distillationTargetsPullTextsOntoTheTeachersVectors() {
    StaticModel init = randomModel(16);
    List<TextTarget> t = targets(16);
    StaticTrainer.Result r = StaticTrainer.builder(init).epochs(40).batchSize(16).learningRate(0.5).seed(SEED)
        .evaluator(StaticTrainerTest::matchAccuracy).patience(40).build().train(List.of(), t);
    double meanCos = 0;
    try (StaticEmbedder e = new StaticEmbedder(r.model(), "student")) {
      for (TextTarget x : t) {
        float[] v = e.embed(List.of(x.text()))[0];
        double n = Math.sqrt(StaticEmbedderTest.dot(x.target(), x.target()));
        meanCos += StaticEmbedderTest.dot(v, x.target()) / n / t.size();
      }
    }
    System.out.printf("distillation: accuracy %.3f at epoch %d, mean cosine to the targets %.3f, loss %.4f -> %.4f%n",
        r.bestHeldOut(), r.bestEpoch(), meanCos, r.history().get(0).meanLoss(),
        r.history().get(r.history().size() - 1).meanLoss());
    assertTrue(r.bestHeldOut() >= 0.9, "accuracy " + r.bestHeldOut());
    assertTrue(meanCos > 0.9, "mean cosine " + meanCos);
  }

  @Test
  void shortTargetsTrainOnlyThePrefixAndTooLongOnesAreRefused() {
    StaticModel init = randomModel(16);
    StaticModel m = StaticTrainer.builder(init).epochs(3).batchSize(16).learningRate(0.5).seed(SEED).build()
        .train(List.of(), targets(8)).model();
    for (int id = 0; id < init.rows(); id++) {
      assertArrayEquals(java.util.Arrays.copyOfRange(init.row(id), 8, 16), java.util.Arrays.copyOfRange(m.row(id), 8, 16),
          "dims 8..15 of row " + id + " are not the targets' and stay as they were");
    }
    assertNotEquals(init.row(1)[0], m.row(1)[0]);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> StaticTrainer.builder(init).build().train(List.of(), targets(17)));
    assertTrue(e.getMessage().contains("17 dims"), e.getMessage());
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> StaticTrainer.builder(init).build().train(List.of(), List.of()));
  }

  @Test
  void trainsCharNgramRowsBesideTokens() {
    List<String> w = words();
    int dim = 8;
    CharNgrams g = new CharNgrams(2, 3, 64);
    float[] t = new float[(w.size() + 1 + 64) * dim];
    Random rnd = new Random(SEED);
    for (int i = 0; i < t.length; i++) {
      t[i] = (float) rnd.nextGaussian();
    }
    StaticModel init = StaticModel.builder(TestTokenizers.wordLevel(w), t, dim).charNgrams(g).build();
    List<TrainingPair> p = pairs(0, CONCEPTS, false);
    StaticModel a = StaticTrainer.builder(init).epochs(2).batchSize(8).seed(1).build().train(p).model();
    StaticModel b = StaticTrainer.builder(init).epochs(2).batchSize(8).seed(1).build().train(p).model();
    assertEquals(a.sha256(), b.sha256());
    assertEquals(g, a.charNgrams());
    int row = w.size() + 1 + g.buckets("w0a")[0];
    assertNotEquals(init.row(row)[0], a.row(row)[0], "the n-gram rows of trained texts move");
  }

  @Test
  void threadsAreDeterministicForAGivenCountAndLearnAsWell() {
    StaticModel init = randomModel(16);
    List<TrainingPair> p = pairs(0, CONCEPTS, false);
    List<TrainingPair> scored = pairs(0, CONCEPTS, true);
    for (List<TrainingPair> data : List.of(p, scored)) {
      String one = StaticTrainer.builder(init).epochs(3).batchSize(13).seed(1).threads(1).build().train(data, targets(16))
          .model().sha256();
      String twoA = StaticTrainer.builder(init).epochs(3).batchSize(13).seed(1).threads(2).build().train(data, targets(16))
          .model().sha256();
      String twoB = StaticTrainer.builder(init).epochs(3).batchSize(13).seed(1).threads(2).build().train(data, targets(16))
          .model().sha256();
      String oneB = StaticTrainer.builder(init).epochs(3).batchSize(13).seed(1).threads(1).build().train(data, targets(16))
          .model().sha256();
      assertEquals(twoA, twoB, "two threads, same bytes");
      assertEquals(one, oneB, "one thread, same bytes");
    }
    StaticTrainer.Result r = StaticTrainer.builder(init).epochs(30).batchSize(16).learningRate(0.5).seed(SEED).threads(2)
        .evaluator(StaticTrainerTest::matchAccuracy).patience(30).build().train(p);
    assertTrue(r.bestHeldOut() >= 0.9, "accuracy with 2 threads " + r.bestHeldOut());
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

package dev.embedlab.staticemb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The refiner on a synthetic teacher: a hidden table {@code T} of 100 rows; each text is 3-12 random
 * ids from rows 1..89 (row 0 is the unknown token, rows 90..99 never occur) and its target is the
 * mean of its {@code T} rows. Starting from {@code T} buried in noise, refinement must bring the
 * pooled vectors back towards the targets on held-out texts, touch only rows that occur, and be
 * deterministic.
 */
class CorpusRefinerTest {
  private static final long SEED = 7;
  private static final int ROWS = 100;
  private static final int DIM = 16;
  private static final int UNK = 0;

  private static float[] hidden() {
    Random r = new Random(SEED);
    float[] t = new float[ROWS * DIM];
    for (int i = 0; i < t.length; i++) {
      t[i] = (float) r.nextGaussian();
    }
    return t;
  }

  private static long[][] texts(int n, long seed) {
    Random r = new Random(seed);
    long[][] out = new long[n][];
    for (int i = 0; i < n; i++) {
      out[i] = new long[3 + r.nextInt(10)];
      for (int k = 0; k < out[i].length; k++) {
        out[i][k] = 1 + r.nextInt(89);
      }
      if (i % 5 == 0) {
        out[i][0] = UNK; // dropped at pooling, as StaticEmbedder drops it
      }
    }
    return out;
  }

  private static float[][] targets(float[] t, long[][] texts) {
    float[][] y = new float[texts.length][DIM];
    for (int i = 0; i < texts.length; i++) {
      int used = 0;
      for (long id : texts[i]) {
        if (id == UNK) {
          continue;
        }
        used++;
        for (int j = 0; j < DIM; j++) {
          y[i][j] += t[(int) id * DIM + j];
        }
      }
      for (int j = 0; j < DIM; j++) {
        y[i][j] /= used;
      }
    }
    return y;
  }

  private static float[] noisyStart(float[] t) {
    Random r = new Random(SEED + 1);
    float[] s = t.clone();
    for (int i = 0; i < s.length; i++) {
      s[i] += (float) (1.5 * r.nextGaussian());
    }
    return s;
  }

  private static float[] ones() {
    float[] w = new float[ROWS];
    Arrays.fill(w, 1f);
    return w;
  }

  @Test
  void refinementMovesPooledVectorsTowardsTheTeacherOnHeldOutTexts() {
    float[] t = hidden();
    long[][] texts = texts(2000, SEED);
    float[] start = noisyStart(t);
    CorpusRefiner refiner = CorpusRefiner.builder().epochs(20).learningRate(0.1).batchSize(32).seed(SEED)
        .holdout(0.1).patience(2).build();
    CorpusRefiner.Result r = refiner.refine(start, DIM, texts, targets(t, texts), ones(), UNK);
    System.out.printf("synthetic refinement: held-out loss %.4f -> %.4f (epoch %d, seed %d)%n",
        r.startHeldOutLoss(), r.bestHeldOutLoss(), r.bestEpoch(), SEED);
    assertTrue(r.bestEpoch() >= 1, "some epoch must beat the noisy start");
    assertTrue(r.bestHeldOutLoss() < 0.5 * r.startHeldOutLoss(),
        "held-out loss must at least halve: " + r.startHeldOutLoss() + " -> " + r.bestHeldOutLoss());
    // Fresh texts never seen: the refined table agrees with the teacher better than the start.
    long[][] fresh = texts(300, SEED + 99);
    float[][] y = targets(t, fresh);
    assertTrue(meanCos(r.table(), fresh, y) > meanCos(start, fresh, y) + 0.1,
        "fresh texts: " + meanCos(start, fresh, y) + " -> " + meanCos(r.table(), fresh, y));
    // Rows that never occur (the unknown token, ids 90..99) are not touched.
    assertArrayEquals(Arrays.copyOfRange(start, 0, DIM), Arrays.copyOfRange(r.table(), 0, DIM), "unknown row");
    assertArrayEquals(Arrays.copyOfRange(start, 90 * DIM, ROWS * DIM), Arrays.copyOfRange(r.table(), 90 * DIM, ROWS * DIM),
        "rows 90..99");
    // Same inputs, same table, bit for bit; the input table is not modified.
    CorpusRefiner.Result again = refiner.refine(start, DIM, texts, targets(t, texts), ones(), UNK);
    assertArrayEquals(r.table(), again.table());
    assertArrayEquals(noisyStart(t), start);
  }

  @Test
  void aStartThatIsAlreadyBestIsKept() {
    float[] t = hidden();
    long[][] texts = texts(200, SEED);
    CorpusRefiner.Result r = CorpusRefiner.builder().epochs(3).learningRate(0.5).seed(SEED).build()
        .refine(t, DIM, texts, targets(t, texts), ones(), UNK);
    // The exact teacher table has zero loss; no epoch can beat it.
    assertEquals(0.0, r.startHeldOutLoss(), 1e-6);
    assertEquals(0, r.bestEpoch());
    assertArrayEquals(t, r.table());
  }

  @Test
  void mismatchedInputsAreNamed() {
    float[] t = hidden();
    long[][] texts = texts(10, SEED);
    CorpusRefiner c = CorpusRefiner.builder().build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> c.refine(t, DIM, texts, new float[9][DIM], ones(), UNK));
    assertTrue(e.getMessage().contains("texts=10, targets=9"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> c.refine(t, DIM, new long[][] {{1, ROWS}},
        new float[1][DIM], ones(), UNK));
    assertTrue(e.getMessage().contains("id=" + ROWS), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> c.refine(t, DIM, texts, targets(t, texts), new float[3], UNK));
    assertTrue(e.getMessage().contains("length=3"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CorpusRefiner.builder().holdout(1.0));
    assertThrows(IllegalArgumentException.class, () -> CorpusRefiner.builder().learningRate(0));
  }

  private static double meanCos(float[] table, long[][] texts, float[][] y) {
    double sum = 0;
    for (int i = 0; i < texts.length; i++) {
      float[] s = new float[DIM];
      for (long id : texts[i]) {
        if (id != UNK) {
          for (int j = 0; j < DIM; j++) {
            s[j] += table[(int) id * DIM + j];
          }
        }
      }
      sum += Quality.cosine(s, y[i]);
    }
    return sum / texts.length;
  }
}

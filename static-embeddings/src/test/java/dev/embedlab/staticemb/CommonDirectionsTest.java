package dev.embedlab.staticemb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CommonDirectionsTest {
  static final int WORDS = 200;
  static final int DIM = 16;

  /**
   * Random rows plus a large offset along one direction that every row shares, by a varying amount
   * (as frequent tokens share one): the direction that blurs every cosine.
   */
  static StaticModel offsetModel(long seed) {
    List<String> words = new ArrayList<>();
    for (int i = 0; i < WORDS; i++) {
      words.add("w" + i);
    }
    Random r = new Random(seed);
    float[] table = new float[(WORDS + 1) * DIM];
    for (int i = 0; i < table.length; i++) {
      table[i] = (float) r.nextGaussian() + (i % DIM == 3 ? (float) (6 + 3 * r.nextGaussian()) : 0f);
    }
    float[] weights = new float[WORDS + 1];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = 0.5f + (i % 3);
    }
    return StaticModel.builder(TestTokenizers.wordLevel(words), table, DIM).tokenWeights(weights)
        .config("apply_pca", 16).build();
  }

  static List<String> texts(int n, long seed) {
    Random r = new Random(seed);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      StringBuilder s = new StringBuilder();
      for (int t = 0; t < 4; t++) {
        s.append("w").append(r.nextInt(WORDS)).append(' ');
      }
      out.add(s.toString().strip());
    }
    return out;
  }

  static double meanCosineOfUnrelatedTexts(StaticModel m) {
    try (StaticEmbedder e = new StaticEmbedder(m, "t")) {
      float[][] v = e.embed(texts(200, 7));
      double sum = 0;
      for (int i = 0; i + 1 < v.length; i += 2) {
        sum += dev.embedlab.core.VectorUtil.cosine(v[i], v[i + 1]);
      }
      return sum / (v.length / 2);
    }
  }

  @Test
  void removingTheSharedDirectionUnblursUnrelatedTexts() {
    StaticModel m = offsetModel(1);
    StaticModel cleaned = CommonDirections.remove(m, texts(500, 3), 1, 1);
    double before = meanCosineOfUnrelatedTexts(m);
    double after = meanCosineOfUnrelatedTexts(cleaned);
    assertTrue(before > 0.8, "the offset makes unrelated texts look alike: " + before);
    assertTrue(Math.abs(after) < 0.15, "without it they are unrelated again: " + after);
    // same shape, same weights and settings, the removal recorded
    assertEquals(m.rows(), cleaned.rows());
    assertArrayEquals(m.tokenWeights(), cleaned.tokenWeights());
    assertEquals(16, cleaned.config().get("apply_pca").asInt());
    assertEquals(1, cleaned.config().get(CommonDirections.CONFIG_KEY).get("k").asInt());
    assertEquals(500, cleaned.config().get(CommonDirections.CONFIG_KEY).get("texts").asInt());
    assertEquals("{\"k\":1,\"texts\":500}", cleaned.config().get(CommonDirections.CONFIG_KEY).toString(),
        "in this order in every run, so config.json is reproducible byte for byte");
  }

  @Test
  void everyRowLosesTheSameDirectionsSoTheMeanIsProjectedExactly() {
    StaticModel m = offsetModel(2);
    StaticModel cleaned = CommonDirections.remove(m, texts(300, 4), 2, 1);
    // the removed directions are what old rows minus new rows span: a rank-2 difference
    double[][] diff = new double[m.rows()][DIM];
    for (int r = 0; r < m.rows(); r++) {
      float[] a = m.row(r);
      float[] b = cleaned.row(r);
      for (int j = 0; j < DIM; j++) {
        diff[r][j] = a[j] - b[j];
      }
    }
    double[] sv = new org.apache.commons.math3.linear.SingularValueDecomposition(
        new org.apache.commons.math3.linear.Array2DRowRealMatrix(diff, false)).getSingularValues();
    assertTrue(sv[1] > 1, "two directions removed: " + java.util.Arrays.toString(sv));
    assertTrue(sv[2] < 1e-4 * sv[0], "and nothing else: " + java.util.Arrays.toString(sv));
    // each new row is orthogonal to what was removed from any row
    for (int r = 0; r < m.rows(); r += 17) {
      for (int s = 0; s < m.rows(); s += 23) {
        double dot = 0;
        float[] b = cleaned.row(r);
        for (int j = 0; j < DIM; j++) {
          dot += b[j] * diff[s][j];
        }
        assertEquals(0, dot, 1e-3, "row " + r + " vs removed part of row " + s);
      }
    }
  }

  @Test
  void threadCountDoesNotChangeTheResult() {
    StaticModel m = offsetModel(3);
    List<String> corpus = texts(400, 5);
    assertEquals(CommonDirections.remove(m, corpus, 3, 1).sha256(), CommonDirections.remove(m, corpus, 3, 2).sha256());
  }

  @Test
  void refusesWhatCannotBeFitted() {
    StaticModel m = offsetModel(4);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CommonDirections.remove(m, texts(10, 1), 16, 1));
    assertEquals("k must be in 1..15 (the model has 16 dimensions); k=16", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CommonDirections.remove(m, List.of("w1", "w2"), 2, 1));
    assertEquals("the 2 directions are fitted on more than 2 texts; got 2", e.getMessage());
  }
}

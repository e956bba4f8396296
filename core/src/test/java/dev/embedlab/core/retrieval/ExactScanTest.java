package dev.embedlab.core.retrieval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.VectorUtil;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one exact float top-k: bit-exact pair scores, brute-force top-k, any block size. */
class ExactScanTest {
  private static float[][] gaussian(Random r, int n, int dim) {
    float[][] m = new float[n][dim];
    for (float[] row : m) {
      for (int i = 0; i < dim; i++) {
        row[i] = (float) r.nextGaussian();
      }
    }
    return m;
  }

  private static String[] ids(int n) {
    String[] s = new String[n];
    for (int i = 0; i < n; i++) {
      s[i] = "d" + i;
    }
    return s;
  }

  @Test
  void blockScoresEqualThePairScoresBitForBitForBothSimilarities() {
    Random r = new Random(3);
    for (int dim : new int[] {1, 2, 3, 4, 5, 7, 37, 384}) {
      float[][] q = gaussian(r, 5, dim);
      float[][] d = gaussian(r, 13, dim);
      float[][] decoded = ExactScan.RowSource.decoding(dim, (start, n, dst) ->
          System.arraycopy(d[start], 0, dst, 0, dim)).rows(0, 13, new float[13][]);
      for (Similarity sim : new Similarity[] {Similarity.DOT_PRODUCT, Similarity.NEGATIVE_SQUARED_L2}) {
        float[] out = new float[5 * 13];
        ExactScan.scoreBlock(sim, q, 0, 0, 5, decoded, 0, 13, out);
        for (int i = 0; i < 5; i++) {
          for (int j = 0; j < 13; j++) {
            float want = sim == Similarity.DOT_PRODUCT ? VectorUtil.dot(q[i], d[j]) : -VectorUtil.squareDistance(q[i], d[j]);
            assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(out[i * 13 + j]), sim + " dim " + dim);
            assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(ExactScan.score(sim, q[i], d[j])));
          }
        }
      }
    }
  }

  @Test
  void topKEqualsASortOfEveryScoreWhateverTheBlockSizeAndSkipsTheOwnDocument() {
    Random r = new Random(9);
    int n = 1021;
    int dim = 17;
    float[][] docs = gaussian(r, n, dim);
    // integer-valued rows full of ties: the id rule alone orders them
    for (int i = 0; i < n; i += 3) {
      for (int c = 0; c < dim; c++) {
        docs[i][c] = Math.round(docs[i][c]);
      }
    }
    float[][] queries = gaussian(r, 7, dim);
    String[] docIds = ids(n);
    String[] queryIds = {"q0", "q1", "q2", "q3", "q4", "q5", "q6"};
    int[] skip = {-1, 5, 1020, -1, 0, 512, 511};
    for (Similarity sim : new Similarity[] {Similarity.DOT_PRODUCT, Similarity.NEGATIVE_SQUARED_L2}) {
      for (int block : new int[] {1, 13, 512, 5000}) {
        List<Ranking> got = ExactScan.search(queries, queryIds, ExactScan.RowSource.of(docs), docIds, dim, 10, sim, block, skip);
        for (int q = 0; q < queries.length; q++) {
          List<Integer> all = new ArrayList<>();
          for (int j = 0; j < n; j++) {
            if (j != skip[q]) {
              all.add(j);
            }
          }
          float[] qv = queries[q];
          all.sort(Comparator.comparingDouble((Integer j) -> -ExactScan.score(sim, qv, docs[j]))
              .thenComparing((Integer j) -> docIds[j], (a, b) -> b.compareTo(a)));
          List<String> want = all.subList(0, 10).stream().map(j -> docIds[j]).toList();
          assertEquals(want, got.get(q).docIds(), sim + " block " + block + " query " + q);
          assertEquals(ExactScan.score(sim, qv, docs[all.get(0)]), got.get(q).score(0), 0.0);
        }
      }
    }
  }

  @Test
  void refusesWhatItCannotScoreNamingTheValue() {
    float[][] docs = {{1, 0}, {Float.NaN, 0}};
    IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> ExactScan.search(
        new float[][] {{1, 1}}, new String[] {"q"}, ExactScan.RowSource.of(docs), new String[] {"a", "b"}, 2, 2,
        Similarity.DOT_PRODUCT, 4, null));
    assertTrue(nan.getMessage().contains("document b") && nan.getMessage().contains("finite"), nan.getMessage());
    IllegalArgumentException sim = assertThrows(IllegalArgumentException.class,
        () -> ExactScan.score(Similarity.BM25, new float[1], new float[1]));
    assertTrue(sim.getMessage().contains("similarity=BM25"), sim.getMessage());
    IllegalArgumentException dim = assertThrows(IllegalArgumentException.class, () -> ExactScan.search(
        new float[][] {{1, 1, 1}}, new String[] {"q"}, ExactScan.RowSource.of(docs), new String[] {"a", "b"}, 2, 2,
        Similarity.DOT_PRODUCT, 4, null));
    assertTrue(dim.getMessage().contains("query 0 has 3, the documents 2"), dim.getMessage());
    assertArrayEquals(new String[0], ExactScan.search(new float[][] {{1, 1}}, new String[] {"q"},
        ExactScan.RowSource.of(new float[0][]), new String[0], 2, 5, Similarity.DOT_PRODUCT, 4, null)
        .get(0).docIds().toArray());
  }
}

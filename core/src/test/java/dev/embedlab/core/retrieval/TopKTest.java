package dev.embedlab.core.retrieval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.IdOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopKTest {

  /** Brute force: sort everything in trec_eval order and cut. */
  static List<Integer> bruteForce(String[] ids, double[] s, int k) {
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      all.add(i);
    }
    all.sort((a, b) -> {
      int c = Double.compare(s[b], s[a]);
      return c != 0 ? c : IdOrder.compareCodePoints(ids[b], ids[a]);
    });
    return all.subList(0, Math.min(k, all.size()));
  }

  @Test
  void equalsASortOnTiesAndTailSizes() {
    long seed = 20261129L;
    Random rnd = new Random(seed);
    for (int n : new int[] {0, 1, 13, 207, 1021}) {
      String[] ids = new String[n];
      double[] s = new double[n];
      for (int i = 0; i < n; i++) {
        ids[i] = (i % 3 == 0 ? "\uD83D\uDE00" : "d") + rnd.nextInt(1_000_000) + "-" + i; // astral ids
        s[i] = rnd.nextInt(7) / 7.0; // many ties
      }
      for (int k : new int[] {1, 10, 100, 5000}) {
        TopK top = new TopK(k, ids);
        for (int i = 0; i < n; i++) {
          top.offer(i, s[i]);
        }
        List<Integer> want = bruteForce(ids, s, k);
        int[] got = top.indices();
        assertEquals(want.size(), got.length, "n=" + n + " k=" + k + " seed=" + seed);
        for (int r = 0; r < got.length; r++) {
          assertEquals((int) want.get(r), got[r], "n=" + n + " k=" + k + " rank " + r + " seed=" + seed);
        }
        Ranking ranking = top.toRanking("q");
        // Re-validating through the public constructor proves the order is trec_eval's.
        assertEquals(ranking, new Ranking("q", ranking.docIds().toArray(String[]::new), ranking.scores()));
      }
    }
  }

  /**
   * The block scan (eight scores per test, float bound of a double root) keeps exactly what offering
   * every score one by one keeps: ties at the cut, a skipped position inside and outside a group of
   * eight, lengths that are not multiples of eight, and a root set by a double between two floats.
   */
  @Test
  void blockScanEqualsOneByOne() {
    long seed = 20261208L;
    Random rnd = new Random(seed);
    for (int n : new int[] {5, 8, 9, 63, 1000, 4099}) {
      String[] ids = new String[n + 1];
      float[] scores = new float[n + 3];
      for (int i = 0; i < n; i++) {
        ids[i] = "d" + rnd.nextInt(1_000_000) + "-" + i;
        scores[i + 3] = rnd.nextInt(50) / 49f; // ties everywhere, the block starts at offset 3
      }
      ids[n] = "double-root";
      for (int k : new int[] {1, 10, 100}) {
        for (int skip : new int[] {-1, 0, 7, n / 2, n - 1}) {
          for (boolean doubleRoot : new boolean[] {false, true}) {
            TopK block = new TopK(k, ids);
            TopK single = new TopK(k, ids);
            if (doubleRoot) { // a score no float equals: the bound must round down, not up
              double between = Math.nextUp((double) (24 / 49f));
              block.offer(n, between);
              single.offer(n, between);
            }
            block.offerScores(scores, 3, n, 0, skip);
            for (int i = 0; i < n; i++) {
              if (i != skip) {
                single.offer(i, scores[i + 3]);
              }
            }
            assertArrayEquals(single.indices(), block.indices(),
                "n=" + n + " k=" + k + " skip=" + skip + " doubleRoot=" + doubleRoot + " seed=" + seed);
          }
        }
      }
    }
  }

  @Test
  void nanAndInfinityAreRefusedNotRanked() {
    String[] ids = {"a", "b"};
    TopK top = new TopK(1, ids);
    assertEquals("score of document b (index 1) must be finite; score=NaN",
        assertThrows(IllegalArgumentException.class, () -> top.offer(1, Double.NaN)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> top.offer(0, Double.POSITIVE_INFINITY));
    top.offer(0, 0.5);
    assertEquals(0.5, top.threshold());
    top.clear();
    assertEquals(0, top.size());
  }

  @Test
  void rankingValidatesOrderAndContent() {
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new Ranking("q", new String[] {"a", "b"}, new double[] {0.5, 0.5})).getMessage()
        .contains("should come before"), "ties go id-descending: b before a");
    new Ranking("q", new String[] {"b", "a"}, new double[] {0.5, 0.5});
    assertThrows(IllegalArgumentException.class, () -> new Ranking("q", new String[] {"a", "a"}, new double[] {1, 0}));
    assertThrows(IllegalArgumentException.class, () -> new Ranking("q", new String[] {"a"}, new double[] {Double.NaN}));
    Ranking r = Ranking.sorted("q", new String[] {"x", "y", "z"}, new double[] {0.1, 0.9, 0.5}, 2);
    assertEquals(List.of("y", "z"), r.docIds());
    assertArrayEquals(new double[] {0.9, 0.5}, r.scores());
    assertEquals(List.of("y"), r.top(1).docIds());
  }

  @Test
  void provenanceIsCanonicalAndNests() {
    Provenance model = Provenance.of("onnx-embedder", java.util.Map.of("sha256", "ab12", "pooling", "MEAN"));
    Provenance idx = Provenance.of("hnsw", java.util.Map.of("M", 16, "efSearch", 100), model);
    assertEquals("hnsw{M=16,efSearch=100}(onnx-embedder{pooling=MEAN,sha256=ab12})", idx.canonical());
    assertEquals(2, idx.flatten().size());
    assertEquals(64, idx.sha256().length());
    assertTrue(!idx.sha256().equals(idx.with("efSearch", 50).sha256()));
  }
}

package dev.embedlab.eval.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.data.Run;
import dev.embedlab.data.ScoredDoc;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExactSearchTest {

  /** Float scores of unit vectors vs. the double reference: a few float32 ulps of 1. */
  private static final double SCORE_TOL = 2e-6;

  // ------------------------------------------------------------------ reference implementation

  /** Brute force in double precision, sorted as trec_eval sorts a run. */
  private static List<Integer> reference(float[] q, String qid, float[][] docs, String[] ids, int k,
      boolean exclude, double[] scoresOut) {
    List<Integer> order = new ArrayList<>();
    for (int d = 0; d < docs.length; d++) {
      if (exclude && ids[d].equals(qid)) {
        continue;
      }
      order.add(d);
      double s = 0;
      for (int i = 0; i < q.length; i++) {
        s += (double) q[i] * docs[d][i];
      }
      scoresOut[d] = s;
    }
    order.sort(Comparator.<Integer>comparingDouble(d -> -scoresOut[d])
        .thenComparing((a, b) -> Arrays.compareUnsigned( // strcmp on UTF-8, larger id first
            ids[b].getBytes(StandardCharsets.UTF_8), ids[a].getBytes(StandardCharsets.UTF_8))));
    return order.subList(0, Math.min(k, order.size()));
  }

  private static float[][] gaussianUnit(Random r, int n, int dim) {
    float[][] v = new float[n][dim];
    for (float[] row : v) {
      double norm = 0;
      for (int i = 0; i < dim; i++) {
        row[i] = (float) r.nextGaussian();
        norm += row[i] * row[i];
      }
      for (int i = 0; i < dim; i++) {
        row[i] /= (float) Math.sqrt(norm);
      }
    }
    return v;
  }

  /** Small integers: every float product and sum is exact, so ties are real ties. */
  private static float[][] smallIntegers(Random r, int n, int dim) {
    float[][] v = new float[n][dim];
    for (float[] row : v) {
      for (int i = 0; i < dim; i++) {
        row[i] = r.nextInt(3) - 1;
      }
    }
    return v;
  }

  /** Ids mixing lengths, digits and non-ASCII (Hangul, an astral emoji) so string order matters. */
  private static String[] ids(Random r, String prefix, int n) {
    String[] tails = {"", "a", "가", "\uD83D\uDE00", "\uFFFD", "Z"};
    String[] out = new String[n];
    for (int i = 0; i < n; i++) {
      out[i] = prefix + r.nextInt(10) + i + tails[r.nextInt(tails.length)];
    }
    return out;
  }

  static List<Arguments> sizes() {
    List<Arguments> a = new ArrayList<>();
    for (int nd : new int[] {1, 13, 207, 1021}) {
      for (ScoreBackend b : new ScoreBackend[] {ScoreBackend.JAVA, ScoreBackend.BLAS}) {
        a.add(Arguments.of(nd, b));
      }
    }
    return a;
  }

  // ------------------------------------------------------------------ tests

  @ParameterizedTest(name = "{0} docs, {1}")
  @MethodSource("sizes")
  void matchesDoublePrecisionBruteForceOnRandomUnitVectors(int nd, ScoreBackend backend) {
    long seed = 42L + nd;
    Random r = new Random(seed);
    int dim = 37;
    int nq = 29;
    float[][] docs = gaussianUnit(r, nd, dim);
    float[][] queries = gaussianUnit(r, nq, dim);
    String[] docIds = ids(r, "d", nd);
    String[] queryIds = ids(r, "q", nq);
    for (int k : new int[] {1, 10, nd + 5}) {
      ExactSearch s = ExactSearch.builder().k(k).backend(backend)
          .queryBlockSize(4).docBlockSize(50).threads(3).build(); // blocks that do not divide n
      List<dev.embedlab.core.retrieval.Ranking> res = s.search(queries, queryIds, docs, docIds);
      assertEquals(nq, res.size());
      // The retriever holds the corpus (in native blocks on BLAS) across searches: same answers, twice.
      dev.embedlab.core.retrieval.Queries qs = dev.embedlab.core.retrieval.Queries.ofVectors(queryIds, queries);
      try (dev.embedlab.core.retrieval.Retriever held = s.retriever(docIds, docs)) {
        assertEquals(res, held.search(qs, k), "seed " + seed + " k " + k + ": retriever, first search");
        assertEquals(res, held.search(qs, k), "seed " + seed + " k " + k + ": retriever, second search");
        held.close();
        assertEquals("exact search retriever is closed",
            assertThrows(IllegalStateException.class, () -> held.search(qs, 1)).getMessage());
      }
      for (int q = 0; q < nq; q++) {
        double[] ref = new double[nd];
        List<Integer> want = reference(queries[q], queryIds[q], docs, docIds, k, false, ref);
        int[] got = Rankings.indices(res.get(q), docIds);
        float[] gotScores = Rankings.floats(res.get(q));
        assertEquals(Math.min(k, nd), got.length, "seed " + seed + " k " + k + " q " + q);
        for (int i = 0; i < got.length; i++) {
          // the i-th best score agrees with the reference's i-th best score
          assertEquals(ref[want.get(i)], gotScores[i], SCORE_TOL, "seed " + seed + " rank " + i);
          // and the reported score is that document's true score
          assertEquals(ref[got[i]], gotScores[i], SCORE_TOL, "seed " + seed + " rank " + i);
          if (i > 0) {
            assertTrue(gotScores[i - 1] >= gotScores[i], "scores descend");
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "{0} docs, {1}")
  @MethodSource("sizes")
  void exactTiesFollowTrecEvalOrderForEveryBlockingAndThreadCount(int nd, ScoreBackend backend) {
    long seed = 7L * nd;
    Random r = new Random(seed);
    int dim = 5; // entries in {-1,0,1}: few distinct scores, many exact ties
    int nq = 17;
    float[][] docs = smallIntegers(r, nd, dim);
    float[][] queries = smallIntegers(r, nq, dim);
    String[] docIds = ids(r, "d", nd);
    String[] queryIds = ids(r, "q", nq);
    // some queries share an id with a document (BEIR's identical-id case)
    for (int q = 0; q < nq && q < nd; q += 3) {
      queryIds[q] = docIds[(q * 31) % nd];
    }
    for (boolean exclude : new boolean[] {false, true}) {
      // 1x1 blocks (one sgemm per score) only on small corpora, to keep the suite fast
      int[][] blockings = nd <= 13 ? new int[][] {{1, 1}, {3, 7}, {1024, 4096}}
          : new int[][] {{3, 7}, {16, 64}, {1024, 4096}};
      for (int[] blocks : blockings) {
        for (int threads : new int[] {1, 2}) {
          int k = 10;
          ExactSearch s = ExactSearch.builder().k(k).backend(backend).excludeIdenticalIds(exclude)
              .queryBlockSize(blocks[0]).docBlockSize(blocks[1]).threads(threads).build();
          List<dev.embedlab.core.retrieval.Ranking> res = s.search(queries, queryIds, docs, docIds);
          for (int q = 0; q < nq; q++) {
            double[] ref = new double[nd];
            List<Integer> want = reference(queries[q], queryIds[q], docs, docIds, k, exclude, ref);
            int[] wantArr = want.stream().mapToInt(Integer::intValue).toArray();
            assertArrayEquals(wantArr, Rankings.indices(res.get(q), docIds), "seed " + seed + " exclude " + exclude
                + " blocks " + blocks[0] + "x" + blocks[1] + " threads " + threads + " q " + q);
            if (exclude) {
              assertFalse(res.get(q).docIds().contains(queryIds[q]), "identical id excluded");
            }
          }
        }
      }
    }
  }

  @Test
  void handComputedTieBreakKeepsLargerIdsAtTheCut() {
    // three documents tie at 1.0; k=2 must keep the two largest ids ("b" > "a10" > "a1"... as strcmp)
    float[][] docs = {{1, 0}, {1, 0}, {1, 0}, {0, 1}};
    String[] docIds = {"a10", "b", "a9", "c"};
    float[][] q = {{1, 0}};
    for (ScoreBackend b : ScoreBackend.values()) {
      List<dev.embedlab.core.retrieval.Ranking> res = ExactSearch.builder().k(2).backend(b).build()
          .search(q, new String[] {"q"}, docs, docIds);
      assertEquals(List.of("b", "a9"), res.get(0).docIds(), b.name());
      assertArrayEquals(new float[] {1f, 1f}, Rankings.floats(res.get(0)), b.name());
    }
  }

  @Test
  void excludingIdenticalIdStillReturnsKHits() {
    float[][] docs = {{1, 0}, {0.9f, 0.1f}, {0, 1}};
    String[] docIds = {"x", "y", "z"};
    List<dev.embedlab.core.retrieval.Ranking> res = ExactSearch.builder().k(2).excludeIdenticalIds(true).build()
        .search(new float[][] {{1, 0}}, new String[] {"x"}, docs, docIds);
    assertEquals(List.of("y", "z"), res.get(0).docIds());
  }

  @Test
  void emptyInputsGiveEmptyResults() {
    List<dev.embedlab.core.retrieval.Ranking> none = ExactSearch.builder().build()
        .search(new float[0][], new String[0], new float[][] {{1f}}, new String[] {"d"});
    assertEquals(0, none.size());
    List<dev.embedlab.core.retrieval.Ranking> noDocs = ExactSearch.builder().build()
        .search(new float[][] {{1f}}, new String[] {"q"}, new float[0][], new String[0]);
    assertEquals(List.of(), noDocs.get(0).docIds());
  }

  @Test
  void rejectsBadInputWithMessagesNamingTheProblem() {
    ExactSearch s = ExactSearch.builder().build();
    String[] one = {"a"};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> s.search(new float[][] {{1, 2}}, one, new float[][] {{1, 2, 3}}, one));
    assertTrue(e.getMessage().contains("vector dimensions differ"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> s.search(new float[][] {{1}}, one, new float[][] {{1}, {2}}, new String[] {"d", "d"}));
    assertTrue(e.getMessage().contains("duplicate id \"d\" at index 1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> s.search(new float[][] {{Float.NaN}}, one, new float[][] {{1}}, one));
    assertTrue(e.getMessage().contains("queries[0][0] must be finite"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> s.search(new float[][] {{1}}, new String[0], new float[][] {{1}}, one));
    assertTrue(e.getMessage().contains("1!=0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ExactSearch.builder().k(0));
    assertEquals("k must be >= 1; k=0", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> ExactSearch.builder().queryBlockSize(65536).docBlockSize(65536).build());
  }

  @Test
  void resultsAreImmutableCopies() {
    List<dev.embedlab.core.retrieval.Ranking> res = ExactSearch.builder().k(1).build()
        .search(new float[][] {{1}}, new String[] {"q"}, new float[][] {{2}}, new String[] {"d"});
    res.get(0).scores()[0] = -1;
    assertEquals(2.0, res.get(0).score(0));
    assertThrows(UnsupportedOperationException.class, () -> res.get(0).docIds().clear());
    assertThrows(IndexOutOfBoundsException.class, () -> res.get(1));
  }

  @Test
  void toRunKeepsTheSearchOrderAndEveryQuery() {
    Random r = new Random(5);
    float[][] docs = smallIntegers(r, 60, 3);
    float[][] queries = smallIntegers(r, 9, 3);
    String[] docIds = ids(r, "d", 60);
    String[] queryIds = ids(r, "q", 9);
    List<dev.embedlab.core.retrieval.Ranking> res = ExactSearch.builder().k(15).build().search(queries, queryIds, docs, docIds);
    Run run = dev.embedlab.data.Run.of(res);
    assertEquals(List.of(queryIds), List.copyOf(run.queryIds()));
    for (int q = 0; q < queryIds.length; q++) {
      List<ScoredDoc> ranked = run.ranked(queryIds[q]);
      assertEquals(res.get(q).docIds(), ranked.stream().map(ScoredDoc::docId).toList(), "q " + q);
      float[] s = Rankings.floats(res.get(q));
      for (int i = 0; i < s.length; i++) {
        assertEquals(s[i], ranked.get(i).score(), 0.0);
      }
    }
  }

}

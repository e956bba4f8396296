package dev.embedlab.bakeoff.tune;

import dev.embedlab.ann.LatencyStats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.retrieval.TopK;
import dev.embedlab.data.Qrels;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The tuner on a small synthetic data set whose qrels are the exact top 5 of each query. */
class AnnTunerTest {
  private static final int DIM = 16;
  private static final int DOCS = 320;
  private static final int QUERIES = 40;

  static AnnTuner.Data data() {
    Random rnd = new Random(11);
    float[][] centres = new float[16][DIM];
    for (float[] c : centres) {
      for (int j = 0; j < DIM; j++) {
        c[j] = (float) rnd.nextGaussian();
      }
    }
    String[] ids = new String[DOCS];
    float[][] v = new float[DOCS][DIM];
    for (int i = 0; i < DOCS; i++) {
      ids[i] = "d" + i;
      for (int j = 0; j < DIM; j++) {
        v[i][j] = centres[i % 16][j] + 0.5f * (float) rnd.nextGaussian();
      }
      VectorUtil.normalizeInPlace(v[i]);
    }
    String[] qids = new String[QUERIES];
    float[][] q = new float[QUERIES][DIM];
    Map<String, Map<String, Integer>> judged = new HashMap<>();
    for (int i = 0; i < QUERIES; i++) {
      qids[i] = "q" + i;
      for (int j = 0; j < DIM; j++) {
        q[i][j] = v[(i * 7) % DOCS][j] + 0.3f * (float) rnd.nextGaussian();
      }
      VectorUtil.normalizeInPlace(q[i]);
      TopK top = new TopK(5, ids);
      for (int d = 0; d < DOCS; d++) {
        top.offer(d, VectorUtil.dotUnchecked(q[i], v[d]));
      }
      Map<String, Integer> rel = new HashMap<>();
      for (int d : top.indices()) {
        rel.put(ids[d], 1);
      }
      judged.put(qids[i], rel);
    }
    return new AnnTuner.Data("synthetic", ids, v, qids, q, Qrels.of(judged));
  }

  @Test
  void sweepSplitsLossesAndSelects() throws Exception {
    AnnTuner.Data data = data();
    List<AnnTuner.Config> grid = List.of(
        new AnnTuner.Ivf(16, 16, 0, 8, 0),
        new AnnTuner.Ivf(16, 1, 0, 8, 0),
        new AnnTuner.Ivf(16, 16, 4, 4, 0),
        new AnnTuner.Ivf(16, 2, 4, 4, 0),
        new AnnTuner.Hnsw(8, 50, 50, false),
        new AnnTuner.Hnsw(8, 50, 10, true),
        new AnnTuner.JVector(8, 50, 50));
    AnnTuner.Result r = AnnTuner.builder().k(10).warmupQueries(5).targetFraction(0.95).cost(AnnTuner.Cost.MEMORY)
        .build().tune(data, grid);
    String table = r.table();
    System.out.print(table);
    assertEquals(1.0, r.exactNdcg10(), 1e-12, "qrels are the exact top 5\n" + table);
    assertEquals(grid.size(), r.points().size());
    for (int i = 0; i < grid.size(); i++) {
      AnnTuner.Point p = r.points().get(i);
      assertEquals(grid.get(i), p.config(), "points in grid order");
      assertEquals(p.totalLoss(), p.compressionLoss() + p.approximationLoss(), 1e-12, "loss split sums up");
      assertEquals(QUERIES, p.latency().samples());
      assertTrue(p.memoryBytes() > 0 && p.buildMillis() >= 0);
    }
    AnnTuner.Point full = r.points().get(0);
    assertEquals(1.0, full.ndcg10(), 1e-12, "IVF-flat probing every list is exact search\n" + table);
    assertEquals(1.0, full.recallVsExact(), 0.0);
    assertEquals(0.0, full.compressionLoss(), 0.0);
    assertEquals(0.0, r.points().get(1).compressionLoss(), 0.0, "flat lists: nothing lost to a codec");
    assertTrue(r.points().get(1).recallVsExact() < 1.0, "one of 16 lists misses neighbours\n" + table);
    AnnTuner.Point pq = r.points().get(2);
    assertTrue(pq.compressionLoss() > 0, "4-bit PQ on 4 sub-spaces loses to compression\n" + table);
    assertEquals(0.0, pq.approximationLoss(), 0.0, "every list probed: the search is exhaustive ADC\n" + table);
    assertTrue(r.points().get(5).compressionLoss() != 0 || r.points().get(5).ndcg10() > 0, table);
    assertEquals(0.0, r.points().get(4).compressionLoss(), 0.0);
    AnnTuner.Point jv = r.points().get(6);
    assertEquals(0.0, jv.compressionLoss(), 0.0, "jvector scores the float32 vectors\n" + table);
    assertTrue(jv.recallVsExact() >= 0.9, "jvector M=8 ef=50 on a small corpus\n" + table);

    // the front is exactly the non-dominated points
    for (AnnTuner.Point p : r.points()) {
      boolean dominated = r.points().stream().anyMatch(o -> o.dominates(p));
      assertEquals(!dominated, r.pareto().contains(p), p.config().label() + "\n" + table);
    }
    // the choice reaches the target and nothing cheaper does
    AnnTuner.Point chosen = r.chosen().orElseThrow();
    assertTrue(chosen.ndcg10() >= r.target());
    for (AnnTuner.Point p : r.points()) {
      if (p.ndcg10() >= r.target()) {
        assertTrue(p.memoryBytes() >= chosen.memoryBytes(), p.config().label() + " is cheaper\n" + table);
      }
    }
    assertTrue(table.contains("> " + chosen.config().label()), table);
  }

  private static AnnTuner.Point point(String name, double ndcg, double p50, long mem) {
    return new AnnTuner.Point(new AnnTuner.Hnsw(name.length(), 1, (int) (p50 * 10), false), ndcg, 0, 0, 1.0, 1.0,
        new LatencyStats(1, p50, p50, p50), 1, mem);
  }

  @Test
  void paretoFrontAndCheapestOnKnownPoints() {
    AnnTuner.Point a = point("a", 0.90, 1.0, 100);
    AnnTuner.Point b = point("bb", 0.95, 2.0, 100);
    AnnTuner.Point c = point("ccc", 0.85, 1.5, 200); // dominated by a
    AnnTuner.Point d = point("dddd", 0.95, 2.0, 50); // dominates b
    AnnTuner.Point e = point("eeeee", 0.97, 3.0, 300);
    List<AnnTuner.Point> all = List.of(a, b, c, d, e);
    assertEquals(List.of(a, d, e), AnnTuner.paretoFront(all));
    assertEquals(Optional.of(a), AnnTuner.cheapest(all, 0.90, AnnTuner.Cost.LATENCY));
    assertEquals(Optional.of(d), AnnTuner.cheapest(all, 0.90, AnnTuner.Cost.MEMORY));
    assertEquals(Optional.of(d), AnnTuner.cheapest(all, 0.94, AnnTuner.Cost.LATENCY), "b ties d on latency, d uses less memory");
    assertEquals(Optional.of(e), AnnTuner.cheapest(all, 0.96, AnnTuner.Cost.MEMORY));
    assertFalse(AnnTuner.cheapest(all, 0.99, AnnTuner.Cost.LATENCY).isPresent());
    assertEquals(0.05, b.totalLoss(), 1e-12);
  }

  @Test
  void gridsAndBadArguments() {
    assertEquals(2 * 2 * 3, AnnTuner.hnswGrid(new int[] {8, 16}, new int[] {100}, new int[] {10, 50, 100}, false, true).size());
    // nprobe > nlist is skipped
    assertEquals(2 + 3, AnnTuner.ivfGrid(new int[] {4, 16}, new int[] {1, 4, 8}, new int[] {0}, 8, 0).size());
    assertThrows(IllegalArgumentException.class, () -> AnnTuner.builder().targetFraction(1.5));
    assertThrows(IllegalArgumentException.class, () -> AnnTuner.builder().build().tune(data(), List.of()));
  }
}

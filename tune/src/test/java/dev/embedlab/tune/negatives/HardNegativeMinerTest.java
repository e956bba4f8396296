package dev.embedlab.tune.negatives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HardNegativeMinerTest {

  private static List<Candidate> ranked(Object... idScore) {
    List<Candidate> out = new ArrayList<>();
    for (int i = 0; i < idScore.length; i += 2) {
      out.add(new Candidate((String) idScore[i], ((Number) idScore[i + 1]).doubleValue()));
    }
    return out;
  }

  private static Map<String, List<String>> qrels(String q, String... positives) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put(q, List.of(positives));
    return m;
  }

  /** q1: p ranked 2nd, 8 non-positive docs. */
  private static final CandidateSource SOURCE = q -> q.equals("q1")
      ? ranked("a", 0.95, "p", 0.90, "b", 0.89, "c", 0.80, "d", 0.70, "e", 0.60, "f", 0.50, "g", 0.40, "h", 0.30)
      : List.of();

  @Test
  void positivesAreExcludedAndCountedAndOrderIsKept() {
    MiningResult r = HardNegativeMiner.builder().maxPerPair(3).build().mine(qrels("q1", "p"), SOURCE);
    assertEquals(1, r.pairs().size());
    MinedPair pair = r.pairs().get(0);
    assertEquals(List.of("a", "b", "c"), pair.negativeIds());
    assertEquals(0.90, pair.positiveScore(), 0);
    MiningStats s = r.stats();
    assertEquals(9, s.candidatesSeen());
    assertEquals(1, s.droppedPositive());
    assertEquals(5, s.droppedByCap());
    assertEquals(3, s.negativesKept());
  }

  @Test
  void everyRelevantDocOfTheQueryIsExcludedNotOnlyThePairsPositive() {
    // b is the second positive of q1: it must never be a negative of (q1, p), and vice versa.
    MiningResult r = HardNegativeMiner.builder().maxPerPair(10).build().mine(qrels("q1", "p", "b"), SOURCE);
    assertEquals(2, r.pairs().size());
    for (MinedPair pair : r.pairs()) {
      assertTrue(!pair.negativeIds().contains("p") && !pair.negativeIds().contains("b"), pair.toString());
      assertEquals(List.of("a", "c", "d", "e", "f", "g", "h"), pair.negativeIds());
    }
    assertEquals(0.89, r.pairs().get(1).positiveScore(), 0);
    assertEquals(4, r.stats().droppedPositive()); // 2 pairs x 2 positives listed
  }

  @Test
  void rankWindowCountsRanksAmongNonPositives() {
    // non-positive ranks: a0 b1 c2 d3 e4 f5 g6 h7; window [2, 5) keeps c, d, e
    MiningResult r = HardNegativeMiner.builder().rankWindow(2, 5).maxPerPair(10).build()
        .mine(qrels("q1", "p"), SOURCE);
    assertEquals(List.of("c", "d", "e"), r.pairs().get(0).negativeIds());
    assertEquals(2, r.stats().droppedAboveWindow());
    assertEquals(3, r.stats().droppedBelowWindow());
    assertEquals(1, r.pairs().size());
    assertEquals(1, r.stats().pairsWithFewerThanMax());
  }

  @Test
  void absoluteMarginDropsCandidatesAboveThePositiveMinusMargin() {
    // pos 0.90, margin 0.05 -> threshold 0.85: a (0.95) and b (0.89) dropped; 0.80 kept
    MiningResult r = HardNegativeMiner.builder().absoluteMargin(0.05).maxPerPair(2).build()
        .mine(qrels("q1", "p"), SOURCE);
    assertEquals(List.of("c", "d"), r.pairs().get(0).negativeIds());
    assertEquals(2, r.stats().droppedByMargin());
    assertEquals(4, r.stats().droppedByCap());
  }

  @Test
  void marginZeroDropsOnlyStrictlyHigherScoresAndKeepsTies() {
    CandidateSource tie = q -> ranked("a", 1.0, "t", 0.5, "p", 0.5, "c", 0.2);
    MiningResult r = HardNegativeMiner.builder().absoluteMargin(0).maxPerPair(5).build().mine(qrels("q", "p"), tie);
    assertEquals(List.of("t", "c"), r.pairs().get(0).negativeIds());
    assertEquals(1, r.stats().droppedByMargin());
  }

  @Test
  void relativeMarginUsesPositiveTimesOneMinusMargin() {
    // pos 0.90, margin 0.1 -> threshold 0.81: a, b dropped; c (0.80) kept
    MiningResult r = HardNegativeMiner.builder().relativeMargin(0.1).maxPerPair(1).build()
        .mine(qrels("q1", "p"), SOURCE);
    assertEquals(List.of("c"), r.pairs().get(0).negativeIds());
    assertEquals(2, r.stats().droppedByMargin());
    // BM25-like scale: pos 20, margin 0.25 -> threshold 15
    CandidateSource bm25 = q -> ranked("x", 16.0, "y", 15.0, "z", 3.0);
    MiningResult r2 = HardNegativeMiner.builder().relativeMargin(0.25).positiveScorer((q, d) -> OptionalDouble.of(20))
        .build().mine(qrels("q", "p"), bm25);
    assertEquals(List.of("y", "z"), r2.pairs().get(0).negativeIds());
  }

  @Test
  void unlistedPositiveIsScoredByTheScorerOrDroppedOrUnguarded() {
    CandidateSource noPos = q -> ranked("a", 0.9, "b", 0.5, "c", 0.1);
    // scorer supplies 0.6 -> threshold 0.6 with margin 0: a dropped
    MiningResult scored = HardNegativeMiner.builder().absoluteMargin(0)
        .positiveScorer((q, d) -> d.equals("p") ? OptionalDouble.of(0.6) : OptionalDouble.empty())
        .build().mine(qrels("q", "p"), noPos);
    assertEquals(List.of("b", "c"), scored.pairs().get(0).negativeIds());
    assertEquals(0.6, scored.pairs().get(0).positiveScore(), 0);

    MiningResult dropped = HardNegativeMiner.builder().absoluteMargin(0).build().mine(qrels("q", "p"), noPos);
    assertEquals(0, dropped.pairs().size());
    assertEquals(1, dropped.stats().pairsDroppedNoPositiveScore());
    assertEquals(0, dropped.stats().candidatesSeen());

    MiningResult unguarded = HardNegativeMiner.builder().absoluteMargin(0)
        .onMissingPositiveScore(MissingPositiveScore.SKIP_MARGIN).build().mine(qrels("q", "p"), noPos);
    assertEquals(List.of("a", "b", "c"), unguarded.pairs().get(0).negativeIds());
    assertEquals(1, unguarded.stats().pairsUnguarded());
    assertTrue(Double.isNaN(unguarded.pairs().get(0).positiveScore()));

    // without a margin, the positive's score is not needed at all
    MiningResult noMargin = HardNegativeMiner.builder().build().mine(qrels("q", "p"), noPos);
    assertEquals(3, noMargin.pairs().get(0).negatives().size());
  }

  @Test
  void duplicatesInTheCandidateListAreDroppedAndDoNotTakeARank() {
    CandidateSource dup = q -> ranked("a", 0.9, "a", 0.9, "b", 0.8, "c", 0.7);
    MiningResult r = HardNegativeMiner.builder().rankWindow(1, 3).build().mine(qrels("q", "p"), dup);
    assertEquals(List.of("b", "c"), r.pairs().get(0).negativeIds());
    assertEquals(1, r.stats().droppedDuplicate());
    assertEquals(1, r.stats().droppedAboveWindow());
  }

  @Test
  void queriesWithoutCandidatesAreKeptWithNoNegativesAndCounted() {
    MiningResult r = HardNegativeMiner.builder().build().mine(qrels("unknown", "p"), SOURCE);
    assertEquals(1, r.pairs().size());
    assertEquals(0, r.pairs().get(0).negatives().size());
    assertEquals(1, r.stats().pairsWithoutCandidates());
  }

  @Test
  void countsAddUpOnRandomRankingsOfManySizes() {
    long seed = 20261127L;
    Random rnd = new Random(seed);
    for (int n : new int[] {1, 13, 207}) {
      Map<String, List<String>> rel = new LinkedHashMap<>();
      Map<String, List<Candidate>> runs = new LinkedHashMap<>();
      for (int q = 0; q < 20; q++) {
        List<Candidate> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          list.add(new Candidate("d" + rnd.nextInt(n + 5), rnd.nextDouble()));
        }
        runs.put("q" + q, list);
        rel.put("q" + q, List.of("d" + rnd.nextInt(n + 5), "d" + rnd.nextInt(n + 5)));
      }
      HardNegativeMiner miner = HardNegativeMiner.builder().rankWindow(1, 50).maxPerPair(7).relativeMargin(0.05)
          .onMissingPositiveScore(MissingPositiveScore.SKIP_MARGIN).build();
      MiningResult r = miner.mine(rel, CandidateSource.fromMap(runs));
      for (MinedPair p : r.pairs()) {
        assertTrue(p.negatives().size() <= 7, "seed " + seed);
        assertTrue(Set.copyOf(p.negativeIds()).size() == p.negatives().size(), "no duplicate negatives; seed " + seed);
        for (String id : p.negativeIds()) {
          assertTrue(!rel.get(p.queryId()).contains(id), "no positive among negatives; seed " + seed);
        }
        if (!Double.isNaN(p.positiveScore())) {
          for (Candidate c : p.negatives()) {
            assertTrue(c.score() <= p.positiveScore() * 0.95, "margin holds; seed " + seed);
          }
        }
      }
      assertEquals(r.stats().negativesKept(), r.pairs().stream().mapToLong(p -> p.negatives().size()).sum());
    }
  }

  @Test
  void tuplesKeepOnlyPairsWithEnoughNegativesCutToN() {
    MiningResult r = HardNegativeMiner.builder().maxPerPair(10).build().mine(qrels("q1", "p"), SOURCE);
    assertEquals(List.of("a", "b", "c"), r.tuples(3).get(0).negativeIds());
    assertEquals(0, r.tuples(9).size());
    assertEquals(1, r.tuples(8).size());
    assertThrows(IllegalArgumentException.class, () -> r.tuples(0));
  }

  @Test
  void builderRejectsBadOptionsWithTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HardNegativeMiner.builder().rankWindow(5, 5));
    assertEquals("toRank must be > fromRank; fromRank=5, toRank=5", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> HardNegativeMiner.builder().rankWindow(-1, 5));
    assertEquals("maxPerPair must be >= 1; maxPerPair=0",
        assertThrows(IllegalArgumentException.class, () -> HardNegativeMiner.builder().maxPerPair(0)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> HardNegativeMiner.builder().relativeMargin(1.0));
    assertThrows(IllegalArgumentException.class, () -> HardNegativeMiner.builder().absoluteMargin(-0.1));
    assertThrows(IllegalArgumentException.class, () -> new Candidate("x", Double.NaN));
  }
}

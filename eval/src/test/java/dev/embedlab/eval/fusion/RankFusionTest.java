package dev.embedlab.eval.fusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.embedlab.data.Run;
import dev.embedlab.data.ScoredDoc;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RankFusionTest {
  private static final double TOL = 1e-12;

  // A: d1 3.0, d2 2.0, d3 1.0     B: d3 0.9, d4 0.5 (and q2 only in B)
  private static final Run A = Run.of(Map.of("q1",
      List.of(new ScoredDoc("d1", 3.0), new ScoredDoc("d2", 2.0), new ScoredDoc("d3", 1.0))));
  private static final Run B = Run.of(new java.util.LinkedHashMap<>(Map.of(
      "q1", List.of(new ScoredDoc("d3", 0.9), new ScoredDoc("d4", 0.5)),
      "q2", List.of(new ScoredDoc("d9", 7.0)))));

  private static void assertRanking(List<ScoredDoc> got, Object... idAndScore) {
    assertEquals(idAndScore.length / 2, got.size(), got.toString());
    for (int i = 0; i < got.size(); i++) {
      assertEquals(idAndScore[2 * i], got.get(i).docId(), "position " + (i + 1) + " in " + got);
      assertEquals((double) idAndScore[2 * i + 1], got.get(i).score(), TOL, "score of " + idAndScore[2 * i]);
    }
  }

  @Test
  void rrfHandComputed() {
    Run f = RankFusion.rrf().build().fuse(A, B);
    // d3 = 1/63 + 1/61; d1 = 1/61; d2 = d4 = 1/62 tie -> larger id first (trec_eval)
    assertRanking(f.ranked("q1"), "d3", 1.0 / 63 + 1.0 / 61, "d1", 1.0 / 61, "d4", 1.0 / 62, "d2", 1.0 / 62);
    assertRanking(f.ranked("q2"), "d9", 1.0 / 61);
    assertEquals(List.of("q1", "q2"), List.copyOf(f.queryIds()));
  }

  @Test
  void rankingsFuseAsTheirRunsDo() {
    String[] qids = {"q2", "q1", "q3"};
    List<List<dev.embedlab.core.retrieval.Ranking>> in = List.of(A.rankings(qids), B.rankings(qids));
    for (RankFusion f : List.of(RankFusion.rrf().build(), RankFusion.rrf().k(0).weights(2, 1).depth(2).build(),
        RankFusion.weighted(ScoreNormalization.values()[0]).weights(0.3, 0.7).inputDepth(2).build())) {
      List<dev.embedlab.core.retrieval.Ranking> got = f.fuseRankings(in, qids);
      List<dev.embedlab.core.retrieval.Ranking> want = f.fuse(A, B).rankings(qids);
      assertEquals(want.size(), got.size());
      for (int i = 0; i < want.size(); i++) {
        assertEquals(want.get(i).queryId(), got.get(i).queryId());
        assertEquals(want.get(i).docIds(), got.get(i).docIds(), f.id());
        for (int j = 0; j < want.get(i).size(); j++) {
          assertEquals(want.get(i).score(j), got.get(i).score(j), 0.0, f.id());
        }
      }
    }
    assertThrows(IllegalArgumentException.class, () -> RankFusion.rrf().build().fuseRankings(
        List.of(List.of(A.rankings(qids).get(1), A.rankings(qids).get(1))), qids));
  }

  @Test
  void rrfWithKAndWeights() {
    Run f = RankFusion.rrf().k(0).weights(2, 1).build().fuse(A, B);
    // k=0: d1 = 2/1; d2 = 2/2; d3 = 2/3 + 1/1; d4 = 1/2
    assertRanking(f.ranked("q1"), "d1", 2.0, "d3", 2.0 / 3 + 1, "d2", 1.0, "d4", 0.5);
    assertEquals("rrf(k=0;w=2.0,1.0)", RankFusion.rrf().k(0).weights(2, 1).build().id());
  }

  @Test
  void rankIsTakenInTrecOrderNotInputOrder() {
    // equal scores: trec_eval ranks "b" (larger id) first, so b gets 1/61
    Run tied = Run.of(Map.of("q", List.of(new ScoredDoc("a", 1), new ScoredDoc("b", 1))));
    assertRanking(RankFusion.rrf().build().fuse(tied).ranked("q"), "b", 1.0 / 61, "a", 1.0 / 62);
  }

  @Test
  void minMaxHandComputed() {
    // A -> d1 1, d2 0.5, d3 0; B -> d3 1, d4 0; absent = 0
    Run f = RankFusion.weighted(ScoreNormalization.MIN_MAX).build().fuse(A, B);
    assertRanking(f.ranked("q1"), "d3", 1.0, "d1", 1.0, "d2", 0.5, "d4", 0.0);
    Run w = RankFusion.weighted(ScoreNormalization.MIN_MAX).weights(0.3, 0.7).build().fuse(A, B);
    assertRanking(w.ranked("q1"), "d3", 0.7, "d1", 0.3, "d2", 0.15, "d4", 0.0);
    // a one-document (constant) list normalises to 1
    assertRanking(f.ranked("q2"), "d9", 1.0);
  }

  @Test
  void zScoreHandComputed() {
    // A: mean 2, population sd sqrt(2/3): z = +1.2247, 0, -1.2247; B: mean 0.7, sd 0.2: z = +1, -1
    // absent from a run = that run's lowest z
    double za = 1 / Math.sqrt(2.0 / 3);
    Run f = RankFusion.weighted(ScoreNormalization.Z_SCORE).build().fuse(A, B);
    assertRanking(f.ranked("q1"), "d1", za - 1, "d3", -za + 1, "d2", 0.0 - 1, "d4", -za - 1);
    assertEquals(0.0, f.ranked("q2").get(0).score(), TOL); // sd = 0 -> 0
  }

  @Test
  void noneSumsRawScores() {
    Run f = RankFusion.weighted(ScoreNormalization.NONE).weights(1, 10).build().fuse(A, B);
    assertRanking(f.ranked("q1"), "d3", 1.0 + 9.0, "d4", 5.0, "d1", 3.0, "d2", 2.0);
  }

  @Test
  void depthAndInputDepthCut() {
    Run f = RankFusion.rrf().inputDepth(1).depth(2).build().fuse(A, B);
    // only d1 (from A) and d3 (from B) take part, both at rank 1 -> tie, larger id first
    assertRanking(f.ranked("q1"), "d3", 1.0 / 61, "d1", 1.0 / 61);
    assertEquals(1, RankFusion.rrf().depth(1).build().fuse(A, B).ranked("q1").size());
  }

  @Test
  void fusingOneRunWithMinMaxKeepsItsOrder() {
    Run f = RankFusion.weighted(ScoreNormalization.MIN_MAX).build().fuse(A);
    assertEquals(A.ranked("q1").stream().map(ScoredDoc::docId).toList(),
        f.ranked("q1").stream().map(ScoredDoc::docId).toList());
  }

  @Test
  void validates() {
    assertThrows(IllegalArgumentException.class, () -> RankFusion.rrf().k(-1));
    assertThrows(IllegalArgumentException.class, () -> RankFusion.rrf().depth(0));
    assertThrows(IllegalArgumentException.class, () -> RankFusion.rrf().weights(1, -1));
    assertThrows(IllegalStateException.class, () -> RankFusion.weighted(ScoreNormalization.MIN_MAX).k(5));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RankFusion.rrf().weights(1).build().fuse(A, B));
    assertEquals("need one weight per run; weights=1, runs=2", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RankFusion.rrf().build().fuse(List.of()));
  }
}

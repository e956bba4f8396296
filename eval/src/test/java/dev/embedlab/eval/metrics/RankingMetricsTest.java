package dev.embedlab.eval.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.data.Qrels;
import dev.embedlab.data.Run;
import dev.embedlab.data.ScoredDoc;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-computed cases: ties, k beyond the list, no relevant documents, missing and empty runs. */
class RankingMetricsTest {
  static final double EPS = 1e-12;
  static final double LOG2_3 = Math.log(3) / Math.log(2);

  /**
   * q1: d1=2, d2=1, d3=0, d9=1 (d9 never retrieved); q2: only d5=0 (no relevant); q3: d7=1, not in
   * the run; run q4 is not judged. Run q1 order after trec_eval sorting: dA(0.9), d2(0.8), d1(0.8),
   * d3(0.5), dB(0.1) — d2 before d1 because ties go by docid descending. rels = [0,1,2,0,0].
   */
  static Qrels qrels() {
    return Qrels.builder().add("q1", "d1", 2).add("q1", "d2", 1).add("q1", "d3", 0).add("q1", "d9", 1)
        .add("q2", "d5", 0).add("q3", "d7", 1).build();
  }

  static Run run() {
    Map<String, List<ScoredDoc>> m = new LinkedHashMap<>();
    m.put("q1", List.of(new ScoredDoc("d3", 0.5), new ScoredDoc("d1", 0.8), new ScoredDoc("dB", 0.1),
        new ScoredDoc("dA", 0.9), new ScoredDoc("d2", 0.8)));
    m.put("q2", List.of(new ScoredDoc("d5", 1.0)));
    m.put("q4", List.of(new ScoredDoc("d7", 1.0)));
    return Run.of(m);
  }

  @Test
  void tiesAreBrokenByDocIdDescending() {
    List<ScoredDoc> r = run().ranked("q1");
    assertEquals(List.of("dA", "d2", "d1", "d3", "dB"), r.stream().map(ScoredDoc::docId).toList());
  }

  @Test
  void handComputedPerQueryValues() {
    RankingEvaluator ev = RankingEvaluator.of(Measure.precision(1), Measure.precision(3), Measure.precision(10),
        Measure.recall(3), Measure.recall(10), Measure.mrr(), Measure.mrr(1), Measure.map(), Measure.map(2),
        Measure.rPrecision(), Measure.hitRate(1), Measure.hitRate(2), Measure.ndcg(3), Measure.ndcg(10), Measure.ndcg());
    EvaluationResult r = ev.evaluate(qrels(), run());
    assertEquals(List.of("q1", "q2", "q3"), r.queryIds());
    assertEquals(0.0, r.value(Measure.precision(1), "q1"), EPS);
    assertEquals(2.0 / 3, r.value(Measure.precision(3), "q1"), EPS);
    assertEquals(0.2, r.value(Measure.precision(10), "q1"), EPS, "P@k divides by k beyond the list");
    assertEquals(2.0 / 3, r.value(Measure.recall(3), "q1"), EPS);
    assertEquals(2.0 / 3, r.value(Measure.recall(10), "q1"), EPS, "unretrieved d9 stays in the denominator");
    assertEquals(0.5, r.value(Measure.mrr(), "q1"), EPS);
    assertEquals(0.0, r.value(Measure.mrr(1), "q1"), EPS);
    assertEquals(7.0 / 18, r.value(Measure.map(), "q1"), EPS, "(1/2 + 2/3) / 3");
    assertEquals(1.0 / 6, r.value(Measure.map(2), "q1"), EPS, "(1/2) / 3");
    assertEquals(2.0 / 3, r.value(Measure.rPrecision(), "q1"), EPS);
    assertEquals(0.0, r.value(Measure.hitRate(1), "q1"), EPS);
    assertEquals(1.0, r.value(Measure.hitRate(2), "q1"), EPS);
    double dcg = 1 / LOG2_3 + 2 / 2.0;
    double idcg = 2 + 1 / LOG2_3 + 1 / 2.0;
    assertEquals(dcg / idcg, r.value(Measure.ndcg(3), "q1"), EPS);
    assertEquals(dcg / idcg, r.value(Measure.ndcg(10), "q1"), EPS);
    assertEquals(dcg / idcg, r.value(Measure.ndcg(), "q1"), EPS);
    for (Measure m : ev.measures()) {
      assertEquals(0.0, r.value(m, "q2"), 0.0, "no relevant docs -> 0: " + m);
      assertEquals(0.0, r.value(m, "q3"), 0.0, "missing from run -> 0: " + m);
    }
  }

  @Test
  void averagingConventions() {
    RankingEvaluator ev = RankingEvaluator.of(Measure.precision(3));
    EvaluationResult all = ev.evaluate(qrels(), run(), Averaging.ALL_QRELS_QUERIES);
    EvaluationResult inRun = ev.evaluate(qrels(), run(), Averaging.RUN_QUERIES);
    EvaluationResult withRel = ev.evaluate(qrels(), run(), Averaging.QUERIES_WITH_RELEVANT);
    assertEquals(List.of("q1", "q2", "q3"), all.queryIds());
    assertEquals(List.of("q1", "q2"), inRun.queryIds(), "q4 is unjudged, q3 unanswered");
    assertEquals(List.of("q1", "q3"), withRel.queryIds());
    assertEquals((2.0 / 3) / 3, all.mean(Measure.precision(3)), EPS);
    assertEquals((2.0 / 3) / 2, inRun.mean(Measure.precision(3)), EPS);
    assertEquals((2.0 / 3) / 2, withRel.mean(Measure.precision(3)), EPS);
  }

  @Test
  void emptyRunAndEmptyListScoreZero() {
    Qrels q = qrels();
    EvaluationResult none = RankingEvaluator.standard().evaluate(q, Run.of(Map.of()));
    EvaluationResult empty = RankingEvaluator.standard().evaluate(q, Run.of(Map.of("q1", List.of())), Averaging.RUN_QUERIES);
    for (Measure m : RankingEvaluator.standard().measures()) {
      assertEquals(0.0, none.mean(m), 0.0, m.name());
      assertEquals(0.0, empty.mean(m), 0.0, m.name());
    }
    assertEquals(3, none.numQueries());
    assertEquals(1, empty.numQueries());
    assertEquals(0, RankingEvaluator.of(Measure.map()).evaluate(Qrels.of(Map.of()), run()).numQueries());
  }

  @Test
  void perfectRankingScoresOne() {
    Run perfect = Run.of(Map.of("q1", List.of(new ScoredDoc("d1", 3), new ScoredDoc("d2", 2), new ScoredDoc("d9", 1))));
    EvaluationResult r = RankingEvaluator.standard().evaluate(qrels().restrictTo(java.util.Set.of("q1")), perfect);
    assertEquals(1.0, r.mean(Measure.ndcg(10)), EPS);
    assertEquals(1.0, r.mean(Measure.map()), EPS);
    assertEquals(1.0, r.mean(Measure.recall(3)), EPS);
    assertEquals(1.0, r.mean(Measure.rPrecision()), EPS);
    assertEquals(1.0, r.mean(Measure.mrr(1)), EPS);
  }

  @Test
  void kernelsRejectBadCutoffsAndContextChecksOrder() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RankingMetrics.precision(new int[] {1}, 0));
    assertEquals("k must be >= 1; k=0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Measure.ndcg(0));
    assertThrows(IllegalArgumentException.class, () -> new Measure(Measure.Kind.RECALL, Measure.NO_CUT));
    e = assertThrows(IllegalArgumentException.class, () -> RankingContext.of(Map.of(),
        List.of(new ScoredDoc("a", 0.1), new ScoredDoc("b", 0.9))));
    assertTrue(e.getMessage().contains("not in trec_eval order at rank 2"), e.getMessage());
  }

  @Test
  void measureNamesAndParsing() {
    assertEquals("ndcg_cut_10", Measure.ndcg(10).name());
    assertEquals("recall_100", Measure.recall(100).name());
    assertEquals("P_5", Measure.precision(5).name());
    assertEquals("mrr_cut_10", Measure.mrr(10).name());
    assertEquals("recip_rank", Measure.mrr().name());
    assertEquals("map", Measure.map().name());
    assertEquals("map_cut_100", Measure.map(100).name());
    assertEquals("success_10", Measure.hitRate(10).name());
    assertEquals("Rprec", Measure.rPrecision().name());
    assertEquals("nDCG@10", Measure.ndcg(10).label());
    for (Measure m : RankingEvaluator.standard().measures()) {
      assertEquals(m, Measure.parse(m.name()));
      assertEquals(m, Measure.parse(m.label()));
    }
    assertThrows(IllegalArgumentException.class, () -> Measure.parse("bpref"));
  }

  @Test
  void resultIsImmutable() {
    EvaluationResult r = RankingEvaluator.of(Measure.map()).evaluate(qrels(), run());
    double[] v = r.values(Measure.map());
    v[0] = 42;
    assertEquals(7.0 / 18, r.values(Measure.map())[0], EPS);
    assertThrows(UnsupportedOperationException.class, () -> r.perQuery(Measure.map()).put("x", 1.0));
    assertThrows(IllegalArgumentException.class, () -> r.mean(Measure.ndcg(10)));
  }
}

package dev.embedlab.eval.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.data.Qrels;
import dev.embedlab.data.Run;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Search results are evaluated as rankings, with the numbers a {@link Run} of them gives. */
class RankingEvaluatorRankingsTest {
  private static final Qrels QRELS = Qrels.of(Map.of(
      "q1", Map.of("a", 1, "c", 2),
      "q2", Map.of("x", 1),
      "q3", Map.of("z", 1)));
  private static final List<Ranking> RANKINGS = List.of(
      new Ranking("q1", new String[] {"b", "c", "a"}, new double[] {0.9, 0.5, 0.5}),
      new Ranking("q2", new String[] {"x"}, new double[] {0.1}),
      new Ranking("extra", new String[] {"a"}, new double[] {1}));

  @Test
  void rankingsGiveTheSameValuesAsTheirRunForEveryAveraging() {
    RankingEvaluator ev = RankingEvaluator.standard();
    for (Averaging a : Averaging.values()) {
      EvaluationResult viaRun = ev.evaluate(QRELS, Run.of(RANKINGS), a);
      EvaluationResult direct = ev.evaluate(QRELS, RANKINGS, a);
      assertEquals(viaRun.queryIds(), direct.queryIds(), a.toString());
      for (Measure m : ev.measures()) {
        assertEquals(viaRun.perQuery(m), direct.perQuery(m), a + " " + m);
      }
    }
    // q3 has no ranking: it counts as 0 under ALL_QRELS_QUERIES, is left out under RUN_QUERIES
    assertEquals(0.0, ev.evaluate(QRELS, RANKINGS).value(Measure.ndcg(10), "q3"));
    assertEquals(java.util.Set.of("q1", "q2"), java.util.Set.copyOf(ev.evaluate(QRELS, RANKINGS, Averaging.RUN_QUERIES).queryIds()));
  }

  @Test
  void aQueryRankedTwiceIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RankingEvaluator.standard().evaluate(QRELS, List.of(RANKINGS.get(0), RANKINGS.get(0))));
    assertTrue(e.getMessage().contains("query id q1 appears twice"), e.getMessage());
  }
}

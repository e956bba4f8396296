package dev.embedlab.bakeoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.data.Qrels;
import dev.embedlab.data.Run;
import java.util.List;
import org.junit.jupiter.api.Test;

class RagContextTest {
  static final double TOL = 1e-9;

  /**
   * Hand-computed: q1 retrieves a,b,c,d,e,f with b,e,z relevant (and y judged 0): top 5 holds b and e,
   * precision 2/5, recall 2/3, average precision (1/2 + 2/5) / 2 = 0.45 (RAGAS's 1e-10 aside);
   * q2 has no relevant document and is skipped; q3 retrieved nothing and scores 0.
   */
  @Test
  void idPrecisionRecallAndAveragePrecisionAtKMatchAHandComputation() {
    Qrels qrels = Qrels.builder().add("q1", "b", 1).add("q1", "e", 2).add("q1", "z", 1).add("q1", "y", 0)
        .add("q2", "a", 0).add("q3", "x", 1).build();
    Run run = Run.of(List.of(
        new Ranking("q1", new String[] {"a", "b", "c", "d", "e", "f"}, new double[] {6, 5, 4, 3, 2, 1}),
        new Ranking("q2", new String[] {"a"}, new double[] {1}),
        new Ranking("q3", new String[0], new double[0])));
    RagScores s = RagContext.of(run, qrels, 5);
    assertEquals(5, s.k());
    assertEquals(2, s.queries(), "q2 has no relevant document");
    assertEquals((2.0 / 5) / 2, s.contextPrecision(), TOL);
    assertEquals((2.0 / 3) / 2, s.contextRecall(), TOL);
    assertEquals(0.45 / 2, s.averagePrecision(), 1e-6);
    // k = 1: only "a", not relevant
    RagScores one = RagContext.of(run, qrels, 1);
    assertEquals(0, one.contextPrecision(), TOL);
    assertEquals(0, one.averagePrecision(), TOL);
    assertTrue(Double.isNaN(RagContext.of(run, Qrels.builder().add("q2", "a", 0).build(), 5).contextRecall()),
        "no query with a relevant document: undefined, not 0");
    assertEquals("k must be >= 1; k=0", assertThrows(IllegalArgumentException.class,
        () -> RagContext.of(run, qrels, 0)).getMessage());
  }

  @Test
  void ragKBeyondTheRetrievalDepthIsAUsageMistake(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int code = dev.embedlab.bakeoff.cli.BakeOffMain.run(new String[] {"--rag-k", "101", "--models", "none", "--quiet",
        "--out", tmp.toString()}, new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
        new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
    String msg = err.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(2, code, msg);
    assertTrue(msg.startsWith("bake-off: --rag-k 101: expected at most the retrieval depth 100"), msg);
  }

  @Test
  void apiCostSaysWhatWasReusedAndRejectsImpossibleCounts() {
    ApiCost c = new ApiCost(100, 10, 0, true, 0.02, "2026-12-07", "x", 10, 4, 5, 0, 0.2);
    assertEquals(6, c.reusedDocuments());
    assertEquals(5, c.reusedQueries());
    assertEquals(110 / 1e6 * 0.02, c.runUsd(), 1e-18);
    assertTrue(Double.isNaN(new ApiCost(1, 0, 0, true, Double.NaN, "", "", 1, 1, 0, 0, Double.NaN).corpusUsd()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ApiCost(1, 0, 0, true, 0.02, "", "", 3, 4, 0, 0, 0));
    assertTrue(e.getMessage().contains("documentsSent=4 of 3"), e.getMessage());
  }
}

package dev.embedlab.eval.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed cases, including the examples in RAGAS's own docstrings. */
class RagasContextMetricsTest {

  @Test
  void idMetricsAreSetRatios() {
    // RAGAS IDBasedContextPrecision docstring: 2 of 3 retrieved are in the reference -> 0.667
    assertEquals(2.0 / 3, RagasContextMetrics.idPrecision(List.of("doc1", "doc2", "doc3"), List.of("doc1", "doc2", "doc4")), 1e-15);
    assertEquals(2.0 / 3, RagasContextMetrics.idRecall(List.of("doc1", "doc2", "doc2"), List.of("doc1", "doc2", "doc4")), 1e-15);
    assertEquals(0.5, RagasContextMetrics.idPrecision(List.of("a", "a", "b"), List.of("a")), 0, "duplicates count once");
    assertTrue(Double.isNaN(RagasContextMetrics.idPrecision(List.of(), List.of("a"))));
    assertTrue(Double.isNaN(RagasContextMetrics.idRecall(List.of("a"), List.of())));
  }

  @Test
  void averagePrecisionIsRagasFormulaWithItsEpsilon() {
    // v = [1, 0, 1]: (1/1*1 + 2/3*1) / (2 + 1e-10)
    assertEquals((1 + 2.0 / 3) / (2 + 1e-10), RagasContextMetrics.averagePrecision(new int[] {1, 0, 1}), 0);
    assertEquals(0.0, RagasContextMetrics.averagePrecision(new int[] {0, 0}), 0);
    assertEquals(1 / (1 + 1e-10), RagasContextMetrics.averagePrecision(new int[] {1}), 0,
        "RAGAS prints 0.9999999999 for one relevant context");
  }

  @Test
  void similarityIsNormalisedLevenshteinOverCodePoints() {
    assertEquals(1 - 3.0 / 7, RagasContextMetrics.similarity("kitten", "sitting"), 1e-15);
    assertEquals(1.0, RagasContextMetrics.similarity("", ""), 0);
    assertEquals(1 - 1.0 / 3, RagasContextMetrics.similarity("서울시", "서울도"), 1e-15);
    assertEquals(1 - 1.0 / 2, RagasContextMetrics.similarity("😀a", "😀b"), 1e-15, "a surrogate pair is one character");
  }

  @Test
  void recallIsStrictAtTheThresholdAndPrecisionIsNot() {
    // similarity("abcd", "abxy") = 0.5 exactly
    assertEquals(0.0, RagasContextMetrics.stringRecall(List.of("abcd"), List.of("abxy"), 0.5), 0);
    assertEquals(1 / (1 + 1e-10), RagasContextMetrics.stringPrecision(List.of("abcd"), List.of("abxy"), 0.5), 0);
    assertEquals(0.5, RagasContextMetrics.stringRecall(List.of("the cat sat", "zzz"), List.of("the cat sat!", "qqqqqqq"), 0.5), 0);
  }

  @Test
  void cohenKappaMatchesScikitLearn() {
    // po = 0.8, pe = 0.48 -> 0.32 / 0.52
    assertEquals(0.32 / 0.52, Agreement.cohenKappa(new int[] {0, 1, 1, 0, 1}, new int[] {0, 1, 0, 0, 1}), 1e-15);
    assertEquals(1.0, Agreement.cohenKappa(new int[] {0, 1, 2}, new int[] {0, 1, 2}), 0);
    assertTrue(Double.isNaN(Agreement.cohenKappa(new int[] {1, 1}, new int[] {1, 1})));
    assertEquals(-1.0, Agreement.cohenKappa(new int[] {0, 1}, new int[] {1, 0}), 1e-15);
  }
}

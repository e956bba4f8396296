package dev.embedlab.bakeoff;

import dev.embedlab.core.Checks;

/**
 * RAGAS context metrics of one candidate's top {@code k}, computed from its ranking and the qrels
 * (relevant = grade &gt; 0) with {@link dev.embedlab.eval.metrics.RagasContextMetrics}, averaged over
 * the queries that have at least one relevant document.
 *
 * @param k contexts per query (the retriever's top k)
 * @param queries queries averaged over
 * @param contextPrecision RAGAS ID-based context precision@k: |retrieved ∩ relevant| / |retrieved|
 * @param contextRecall RAGAS ID-based context recall@k: |retrieved ∩ relevant| / |relevant|
 * @param averagePrecision RAGAS context precision@k as its average precision of rank-ordered verdicts
 */
public record RagScores(int k, int queries, double contextPrecision, double contextRecall, double averagePrecision) {

  /** Validates k and the query count. */
  public RagScores {
    Checks.atLeast("k", k, 1);
    Checks.atLeast("queries", queries, 0);
  }
}

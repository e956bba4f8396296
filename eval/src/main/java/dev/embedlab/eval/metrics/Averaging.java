package dev.embedlab.eval.metrics;

/** Which queries a mean is taken over; the choice changes the number, so it is always explicit. */
public enum Averaging {
  /**
   * Every query in the qrels counts; a query absent from the run scores 0 on every measure. This
   * is {@code trec_eval -c} and the default: a system that fails to answer is penalised.
   */
  ALL_QRELS_QUERIES,
  /**
   * Only queries present in both qrels and run (trec_eval without {@code -c}; what pytrec_eval
   * returns and BEIR averages over).
   */
  RUN_QUERIES,
  /**
   * Queries in the qrels with at least one relevant document (relevance ≥ 1); absent from the
   * run counts 0. Queries judged only non-relevant are left out, since every measure is 0 for them.
   */
  QUERIES_WITH_RELEVANT
}

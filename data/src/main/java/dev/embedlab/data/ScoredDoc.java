package dev.embedlab.data;

import java.util.Comparator;
import java.util.Objects;

/**
 * One retrieved document and its score.
 *
 * @param docId document id, non-null
 * @param score retrieval score, finite
 */
public record ScoredDoc(String docId, double score) {

  /**
   * trec_eval's ranking order: score descending, ties broken by document id descending, compared as
   * strings by Unicode code point (the same order as C {@code strcmp} on UTF-8 bytes, which
   * trec_eval uses). This is the order of {@link Run#ranked(String)} and the order search results
   * must have to be evaluated exactly as trec_eval, pytrec_eval, BEIR and MTEB evaluate them.
   */
  public static final Comparator<ScoredDoc> TREC_ORDER =
      (x, y) -> dev.embedlab.core.retrieval.Ranking.compare(x.docId, x.score, y.docId, y.score);

  /** Validates the id and score. */
  public ScoredDoc {
    Objects.requireNonNull(docId, "docId");
    if (!Double.isFinite(score)) {
      throw new IllegalArgumentException("score must be finite; score=" + score + " for docId=" + docId);
    }
  }
}

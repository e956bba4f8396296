package dev.embedlab.tune.negatives;

/**
 * One ranked candidate document for a query: its id and the score the ranker gave it.
 *
 * @param docId document id, non-blank
 * @param score ranker score (higher is better); finite
 */
public record Candidate(String docId, double score) {
  public Candidate {
    if (docId == null || docId.isBlank()) {
      throw new IllegalArgumentException("docId must be non-blank; docId=" + docId);
    }
    if (!Double.isFinite(score)) {
      throw new IllegalArgumentException("score must be finite; score=" + score + " for docId=" + docId);
    }
  }
}

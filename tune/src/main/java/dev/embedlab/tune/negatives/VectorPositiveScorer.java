package dev.embedlab.tune.negatives;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * Scores a (query, positive) pair by the dot product of their vectors — the cosine for unit vectors,
 * i.e. the same scale as an exact dense search over the same embeddings. Use it with a dense
 * {@link CandidateSource} so the margin guard works for positives ranked below the list's depth.
 */
public final class VectorPositiveScorer implements PositiveScorer {
  private final Map<String, float[]> queries;
  private final Map<String, float[]> documents;

  /**
   * @param queries query id → vector (not copied; do not mutate while mining)
   * @param documents document id → vector
   */
  public VectorPositiveScorer(Map<String, float[]> queries, Map<String, float[]> documents) {
    if (queries == null || documents == null) {
      throw new IllegalArgumentException("queries and documents must not be null");
    }
    this.queries = queries;
    this.documents = documents;
  }

  @Override
  public OptionalDouble score(String queryId, String docId) {
    float[] q = queries.get(queryId);
    float[] d = documents.get(docId);
    if (q == null || d == null) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(dev.embedlab.core.VectorUtil.dot(q, d));
  }
}

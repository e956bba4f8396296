package dev.embedlab.tune.adapter;

import java.util.List;
import java.util.Set;

/**
 * One (query, positive[, hard negatives]) example on frozen embeddings.
 *
 * <p>Ids matter: within a batch, candidate documents are de-duplicated by id, and a candidate that
 * is relevant to a query (in {@code relevantIds}) but is not the example's own positive is masked
 * out of that query's softmax, so a query with two positives, or a positive shared by two queries,
 * is never trained as its own negative.
 *
 * @param queryId query id (examples of one query go to the same side of the validation split)
 * @param query query embedding (frozen base model output)
 * @param positiveId positive document id
 * @param positive positive document embedding
 * @param negativeIds hard-negative document ids (may be empty)
 * @param negatives hard-negative embeddings, parallel to {@code negativeIds}
 * @param relevantIds every document judged relevant to the query; must contain {@code positiveId}
 *     and none of {@code negativeIds}
 */
public record TrainingExample(String queryId, float[] query, String positiveId, float[] positive,
    List<String> negativeIds, float[][] negatives, Set<String> relevantIds) {

  public TrainingExample {
    if (queryId == null || positiveId == null) {
      throw new IllegalArgumentException("queryId and positiveId must not be null");
    }
    if (query == null || positive == null || negativeIds == null || negatives == null || relevantIds == null) {
      throw new IllegalArgumentException("query, positive, negativeIds, negatives and relevantIds must not be null;"
          + " queryId=" + queryId);
    }
    if (query.length != positive.length) {
      throw new IllegalArgumentException("vector dimensions differ: " + query.length + "!=" + positive.length
          + " (query " + queryId + ", positive " + positiveId + ")");
    }
    if (negativeIds.size() != negatives.length) {
      throw new IllegalArgumentException("negativeIds and negatives must have the same size; "
          + negativeIds.size() + "!=" + negatives.length + " for query " + queryId);
    }
    for (int i = 0; i < negatives.length; i++) {
      if (negatives[i] == null || negatives[i].length != query.length) {
        throw new IllegalArgumentException("negatives[" + i + "] of query " + queryId + " has dimension "
            + (negatives[i] == null ? "null" : negatives[i].length) + "; expected " + query.length);
      }
    }
    negativeIds = List.copyOf(negativeIds);
    relevantIds = Set.copyOf(relevantIds);
    if (!relevantIds.contains(positiveId)) {
      throw new IllegalArgumentException("relevantIds must contain positiveId; positiveId=" + positiveId
          + ", query " + queryId);
    }
    for (String n : negativeIds) {
      if (relevantIds.contains(n)) {
        throw new IllegalArgumentException("negative " + n + " is judged relevant to query " + queryId);
      }
    }
  }

  /** An example without hard negatives (in-batch negatives only). */
  public static TrainingExample of(String queryId, float[] query, String positiveId, float[] positive,
      Set<String> relevantIds) {
    return new TrainingExample(queryId, query, positiveId, positive, List.of(), new float[0][], relevantIds);
  }

  public int dimension() {
    return query.length;
  }
}

package dev.embedlab.tune.negatives;

import java.util.OptionalDouble;

/**
 * Scores a (query, document) pair on the same scale as a {@link CandidateSource}, for positives
 * that the source did not rank high enough to list (e.g. a cosine from the same embeddings as the
 * dense search). The margin guard needs the positive's score.
 */
@FunctionalInterface
public interface PositiveScorer {

  /** The score of {@code docId} for {@code queryId}, or empty when it cannot be computed. */
  OptionalDouble score(String queryId, String docId);

  /** A scorer that never knows: only positives the source itself lists get a score. */
  static PositiveScorer none() {
    return (q, d) -> OptionalDouble.empty();
  }
}

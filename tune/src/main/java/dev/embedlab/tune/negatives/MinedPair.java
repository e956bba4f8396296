package dev.embedlab.tune.negatives;

import dev.embedlab.core.Checks;
import java.util.List;

/**
 * The hard negatives mined for one (query, positive) pair.
 *
 * @param queryId query id
 * @param positiveId the positive document's id
 * @param positiveScore the positive's score on the source's scale, {@code NaN} when unknown
 * @param negatives kept negatives, best-ranked first, at most the miner's {@code maxPerPair}
 */
public record MinedPair(String queryId, String positiveId, double positiveScore, List<Candidate> negatives) {
  public MinedPair {
    if (queryId == null || queryId.isBlank()) {
      throw new IllegalArgumentException("queryId must be non-blank; queryId=" + queryId);
    }
    if (positiveId == null || positiveId.isBlank()) {
      throw new IllegalArgumentException("positiveId must be non-blank; positiveId=" + positiveId);
    }
    Checks.notNull("negatives", negatives);
    negatives = List.copyOf(negatives);
  }

  /** The negatives' document ids, in order. */
  public List<String> negativeIds() {
    return negatives.stream().map(Candidate::docId).toList();
  }
}

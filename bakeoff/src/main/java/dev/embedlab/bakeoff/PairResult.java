package dev.embedlab.bakeoff;

/**
 * Quality of a candidate on a sentence-pair set: cosine of the two embeddings against gold.
 *
 * @param datasetId the pair set's id
 * @param pairs number of pairs
 * @param spearman Spearman rank correlation of cosine vs. gold score ({@code NaN} without scores)
 * @param pearson Pearson correlation of cosine vs. gold score ({@code NaN} without scores)
 * @param rocAuc ROC-AUC of cosine vs. binary label ({@code NaN} without labels)
 */
public record PairResult(String datasetId, int pairs, double spearman, double pearson, double rocAuc) {

  /** Validates. */
  public PairResult {
    if (datasetId == null || pairs < 0) {
      throw new IllegalArgumentException("datasetId must be non-null and pairs >= 0; pairs=" + pairs);
    }
  }
}

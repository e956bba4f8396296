package dev.embedlab.compress;

import dev.embedlab.core.Checks;

/**
 * What a codec costs and keeps on one set of vectors (no relevance judgements needed).
 *
 * @param codec codec id
 * @param dimension input dimension
 * @param bytesPerVector bytes per code
 * @param compressionRatio {@code 4d / bytesPerVector}
 * @param reconstructionMse mean {@code ||x - x̂||²}
 * @param relativeReconstructionError mean {@code ||x - x̂||²} divided by mean {@code ||x||²}
 * @param spearman Spearman correlation of {@code cos(x_i,x_j)} with {@code cos(x̂_i,x̂_j)} over
 *     the sampled pairs
 * @param pairs number of sampled pairs
 * @param k the cut-off for recall
 * @param recallAtK mean fraction of the exact top-k that the codec's top-k retrieves
 * @param oversampling candidate factor used for the rescored recall
 * @param recallAtKRescored the same after rescoring {@code k·oversampling} candidates with full
 *     vectors
 * @param queries number of queries recall was averaged over
 */
public record CompressionQuality(String codec, int dimension, int bytesPerVector,
    double compressionRatio, double reconstructionMse, double relativeReconstructionError,
    double spearman, int pairs, int k, double recallAtK, int oversampling, double recallAtKRescored,
    int queries) {
  /** Validates ranges. */
  public CompressionQuality {
    Checks.notNull("codec", codec);
    if (bytesPerVector < 1 || dimension < 1 || k < 1 || oversampling < 1 || queries < 0 || pairs < 0) {
      throw new IllegalArgumentException("sizes must be positive: bytesPerVector=" + bytesPerVector
          + ", dimension=" + dimension + ", k=" + k + ", oversampling=" + oversampling);
    }
    if (recallAtK < 0 || recallAtK > 1 || recallAtKRescored < 0 || recallAtKRescored > 1) {
      throw new IllegalArgumentException("recall must be in [0, 1]; recallAtK=" + recallAtK
          + ", recallAtKRescored=" + recallAtKRescored);
    }
  }
}

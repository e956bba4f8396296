package dev.embedlab.eval.compression;

import dev.embedlab.core.Checks;

/**
 * nDCG@k of one codec on one data set, next to float32 exact search.
 *
 * @param codec codec id
 * @param bytesPerVector bytes per code
 * @param k the nDCG cut-off
 * @param ndcgFloat32 mean nDCG@k of float32 exact search (the reference)
 * @param ndcgCompressed mean nDCG@k ranking by codec scores only
 * @param oversampling candidate factor for rescoring
 * @param ndcgRescored mean nDCG@k after rescoring {@code k·oversampling} codec candidates with the
 *     float32 vectors
 * @param queries number of queries averaged (all qrels queries, as {@code trec_eval -c})
 */
public record RetrievalRetention(String codec, int bytesPerVector, int k, double ndcgFloat32,
    double ndcgCompressed, int oversampling, double ndcgRescored, int queries) {
  /** Validates ranges. */
  public RetrievalRetention {
    Checks.notNull("codec", codec);
    if (k < 1 || oversampling < 1 || bytesPerVector < 1) {
      throw new IllegalArgumentException("k, oversampling and bytesPerVector must be >= 1; k=" + k
          + ", oversampling=" + oversampling + ", bytesPerVector=" + bytesPerVector);
    }
  }

  /** {@code ndcgCompressed / ndcgFloat32} (1 when the reference is 0). */
  public double retained() {
    return ndcgFloat32 == 0 ? 1.0 : ndcgCompressed / ndcgFloat32;
  }

  /** {@code ndcgRescored / ndcgFloat32} (1 when the reference is 0). */
  public double retainedRescored() {
    return ndcgFloat32 == 0 ? 1.0 : ndcgRescored / ndcgFloat32;
  }
}

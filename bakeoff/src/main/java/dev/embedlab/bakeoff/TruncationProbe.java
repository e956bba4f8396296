package dev.embedlab.bakeoff;

/**
 * What the maximum length costs one candidate: its quality re-measured at another maximum length.
 *
 * @param candidate the candidate's name
 * @param baseMaxLength the maximum length (tokens) of the main run
 * @param baseTruncatedDocuments corpus documents cut in the main run
 * @param basePrimary the main run's mean primary measure
 * @param maxLength the probe's maximum length
 * @param truncatedDocuments corpus documents cut in the probe
 * @param primary the probe's mean primary measure
 * @param sampleDocuments documents the probe embedded at both lengths (a seeded sample of the
 *     corpus; {@code basePrimary}, {@code primary} and the cut counts are over it)
 * @param sampleQueries queries evaluated on the sample
 */
public record TruncationProbe(String candidate, int baseMaxLength, long baseTruncatedDocuments,
    double basePrimary, int maxLength, long truncatedDocuments, double primary, int sampleDocuments,
    int sampleQueries) {

  /** Validates. */
  public TruncationProbe {
    if (candidate == null || baseMaxLength < 1 || maxLength < 1) {
      throw new IllegalArgumentException("candidate must be non-null and lengths >= 1; baseMaxLength="
          + baseMaxLength + " maxLength=" + maxLength);
    }
  }

  /** Probe minus main run, on the primary measure. */
  public double difference() {
    return primary - basePrimary;
  }
}

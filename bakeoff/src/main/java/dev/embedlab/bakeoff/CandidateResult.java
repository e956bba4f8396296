package dev.embedlab.bakeoff;

/**
 * Everything a {@link BakeOff} measured for one candidate. Immutable.
 *
 * @param info who the candidate is (name, model id, provenance)
 * @param footprint dimension, bytes per vector, truncation
 * @param timing load, embedding and search times
 * @param latency single-query embed+search latency
 * @param quality retrieval metrics (means, recall curve, per-query primary measure)
 * @param pairs pair-set metrics, or {@code null} when the bake-off had no pair set
 */
public record CandidateResult(CandidateInfo info, Footprint footprint, Timing timing, Latency latency,
    Quality quality, PairResult pairs) {

  /** Validates (everything but {@code pairs} is required). */
  public CandidateResult {
    if (info == null || footprint == null || timing == null || latency == null || quality == null) {
      throw new IllegalArgumentException("info, footprint, timing, latency and quality must be non-null");
    }
  }

  /** The candidate's name. */
  public String name() {
    return info.name();
  }
}

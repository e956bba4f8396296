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
 * @param cost what a paid API cost this run, or {@code null} for a local model or a baseline
 * @param rag RAGAS ID-based context metrics at the bake-off's RAG k, or {@code null} when not computed
 */
public record CandidateResult(CandidateInfo info, Footprint footprint, Timing timing, Latency latency,
    Quality quality, PairResult pairs, ApiCost cost, RagScores rag) {

  /** A result without API cost or RAG metrics. */
  public CandidateResult(CandidateInfo info, Footprint footprint, Timing timing, Latency latency, Quality quality,
      PairResult pairs) {
    this(info, footprint, timing, latency, quality, pairs, null, null);
  }

  /** Validates (everything but {@code pairs} is required). */
  public CandidateResult {
    if (info == null || footprint == null || timing == null || latency == null || quality == null) {
      throw new IllegalArgumentException("info, footprint, timing, latency and quality must be non-null");
    }
  }

  /** This result with {@code c} as its API cost. */
  public CandidateResult withCost(ApiCost c) {
    return new CandidateResult(info, footprint, timing, latency, quality, pairs, c, rag);
  }

  /** This result with {@code r} as its RAG metrics. */
  public CandidateResult withRag(RagScores r) {
    return new CandidateResult(info, footprint, timing, latency, quality, pairs, cost, r);
  }

  /** The candidate's name. */
  public String name() {
    return info.name();
  }
}

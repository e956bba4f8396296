package dev.embedlab.tune.negatives;

import dev.embedlab.data.Run;
import dev.embedlab.data.ScoredDoc;
import java.util.List;

/** Adapts an evaluation {@link Run} (BM25, dense exact search, a TREC file) to a {@link CandidateSource}. */
public final class RunCandidates {
  private RunCandidates() {}

  /**
   * Candidates of a query are the run's list in trec_eval order (score descending, ties by doc id
   * descending), so mining is as deterministic as evaluation.
   */
  public static CandidateSource of(Run run) {
    if (run == null) {
      throw new IllegalArgumentException("run must not be null");
    }
    return queryId -> {
      List<ScoredDoc> ranked = run.ranked(queryId);
      return ranked.stream().map(s -> new Candidate(s.docId(), s.score())).toList();
    };
  }
}

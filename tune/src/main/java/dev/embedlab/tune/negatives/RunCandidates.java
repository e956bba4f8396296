package dev.embedlab.tune.negatives;

import dev.embedlab.core.Checks;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.data.Run;
import dev.embedlab.data.ScoredDoc;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Adapts a run (BM25, a TREC file) or a retriever's {@link Ranking}s to a {@link CandidateSource}. */
public final class RunCandidates {
  private RunCandidates() {}

  /**
   * Candidates of a query are the run's list in trec_eval order (score descending, ties by doc id
   * descending), so mining is as deterministic as evaluation.
   */
  public static CandidateSource of(Run run) {
    Checks.notNull("run", run);
    return queryId -> {
      List<ScoredDoc> ranked = run.ranked(queryId);
      return ranked.stream().map(s -> new Candidate(s.docId(), s.score())).toList();
    };
  }

  /**
   * Candidates of a query are its {@link Ranking}'s hits, best first (trec_eval order), as a
   * retriever returned them: no {@link Run} needed for search results.
   *
   * @throws IllegalArgumentException when a query id appears twice
   */
  public static CandidateSource of(List<Ranking> rankings) {
    Checks.notNull("rankings", rankings);
    Map<String, List<Candidate>> byQuery = new HashMap<>(rankings.size() * 2);
    for (Ranking r : rankings) {
      List<Candidate> c = new ArrayList<>(r.size());
      for (int i = 0; i < r.size(); i++) {
        c.add(new Candidate(r.docId(i), r.score(i)));
      }
      if (byQuery.put(r.queryId(), List.copyOf(c)) != null) {
        throw new IllegalArgumentException("query id " + r.queryId() + " appears twice in the rankings");
      }
    }
    return queryId -> byQuery.getOrDefault(queryId, List.of());
  }
}

package dev.embedlab.tune.negatives;

import dev.embedlab.core.Checks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Any ranker that can list candidates for a query, best first: a BM25 index, an exact dense
 * search, a stored TREC run. The miner never knows which engine produced the list.
 *
 * <p>Build one from an evaluation {@code Run} with {@link RunCandidates#of}, from precomputed lists
 * with {@link #fromMap(Map)}, or with a lambda.
 */
@FunctionalInterface
public interface CandidateSource {

  /**
   * The ranked candidates for {@code queryId}, best first; an empty list when the source knows
   * nothing about the query. The miner keeps the order it is given (ties included).
   */
  List<Candidate> candidates(String queryId);

  /**
   * A source backed by precomputed rankings. Each list is copied and sorted by score descending;
   * ties keep their original relative order (stable sort).
   */
  static CandidateSource fromMap(Map<String, List<Candidate>> rankings) {
    Checks.notNull("rankings", rankings);
    Map<String, List<Candidate>> copy = new HashMap<>();
    for (Map.Entry<String, List<Candidate>> e : rankings.entrySet()) {
      List<Candidate> list = new ArrayList<>(e.getValue());
      list.sort((a, b) -> Double.compare(b.score(), a.score()));
      copy.put(e.getKey(), Collections.unmodifiableList(list));
    }
    return queryId -> copy.getOrDefault(queryId, List.of());
  }
}

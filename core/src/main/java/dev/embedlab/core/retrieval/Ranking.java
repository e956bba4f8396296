package dev.embedlab.core.retrieval;

import dev.embedlab.core.Checks;
import dev.embedlab.core.IdOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One query's ranked hits, best first, in trec_eval's order: score descending, ties broken by
 * document id descending compared by Unicode code point ({@link IdOrder}, = {@code strcmp} on
 * UTF-8, what trec_eval and pytrec_eval do after reading a run file). Every retriever returns this
 * type, so metrics, fusion, reranking and run files never convert between hit classes.
 *
 * <p>Scores are doubles: vector scores are floats widened exactly, and fused or reranked scores
 * keep their full precision, so two hits that differ in double never tie by rounding. The
 * constructor checks the order, finiteness and uniqueness of ids; an instance is immutable (the
 * arrays are copied in and never handed out).
 */
public final class Ranking {
  private final String queryId;
  private final String[] docIds;
  private final double[] scores;

  /**
   * @param queryId the query
   * @param docIds document ids, best first, no duplicates
   * @param scores their scores, same length, finite, non-increasing, ties in the order of {@link #compare(String, double, String, double)}
   * @throws IllegalArgumentException naming the first position that breaks a rule
   */
  public Ranking(String queryId, String[] docIds, double[] scores) {
    this(queryId, docIds.clone(), scores.clone(), true);
  }

  private Ranking(String queryId, String[] docIds, double[] scores, boolean check) {
    Checks.notNull("queryId", queryId);
    if (docIds.length != scores.length) {
      throw new IllegalArgumentException("docIds and scores lengths differ: " + docIds.length + "!=" + scores.length
          + " (query " + queryId + ")");
    }
    if (check) {
      java.util.HashSet<String> seen = new java.util.HashSet<>(docIds.length * 2);
      for (int r = 0; r < docIds.length; r++) {
        if (docIds[r] == null) {
          throw new IllegalArgumentException("query " + queryId + ": docIds[" + r + "] is null");
        }
        if (!Double.isFinite(scores[r])) {
          throw new IllegalArgumentException("query " + queryId + ": score at rank " + (r + 1) + " of "
              + docIds[r] + " must be finite; score=" + scores[r]);
        }
        if (!seen.add(docIds[r])) {
          throw new IllegalArgumentException("query " + queryId + ": document " + docIds[r]
              + " appears twice (rank " + (r + 1) + ")");
        }
        if (r > 0 && compare(docIds[r - 1], scores[r - 1], docIds[r], scores[r]) > 0) {
          throw new IllegalArgumentException("query " + queryId + ": rank " + (r + 1) + " (" + docIds[r]
              + ", " + scores[r] + ") should come before rank " + r + " (" + docIds[r - 1] + ", "
              + scores[r - 1] + ") in trec_eval order (score desc, then id desc)");
        }
      }
    }
    this.queryId = queryId;
    this.docIds = docIds;
    this.scores = scores;
  }

  /** Wraps arrays the caller built in order and will not touch again (TopK's output). */
  static Ranking owning(String queryId, String[] docIds, double[] scores) {
    return new Ranking(queryId, docIds, scores, false);
  }

  /**
   * Sorts (id, score) pairs into trec_eval order and keeps the first {@code k}: the way to build a
   * ranking from scores computed in any order (a fused or reranked list).
   *
   * @throws IllegalArgumentException on a NaN/infinite score, a duplicate id or k &lt; 0
   */
  public static Ranking sorted(String queryId, String[] docIds, double[] scores, int k) {
    Checks.atLeast("k", k, 0);
    if (docIds.length != scores.length) {
      throw new IllegalArgumentException("docIds and scores lengths differ: " + docIds.length + "!=" + scores.length);
    }
    TopK top = new TopK(k, docIds);
    for (int i = 0; i < docIds.length; i++) {
      top.offer(i, scores[i]);
    }
    Ranking r = top.toRanking(queryId);
    r.checkUnique();
    return r;
  }

  private void checkUnique() {
    java.util.HashSet<String> seen = new java.util.HashSet<>(docIds.length * 2);
    for (int r = 0; r < docIds.length; r++) {
      if (!seen.add(docIds[r])) {
        throw new IllegalArgumentException("query " + queryId + ": document " + docIds[r] + " appears twice");
      }
    }
  }

  /**
   * trec_eval order of two hits: negative when (a, sa) ranks before (b, sb). Higher score first;
   * on equal scores the id that is larger by code point first.
   */
  public static int compare(String a, double sa, String b, double sb) {
    int c = Double.compare(sb, sa);
    return c != 0 ? c : IdOrder.compareCodePoints(b, a);
  }

  /** The query id. */
  public String queryId() {
    return queryId;
  }

  /** Number of hits. */
  public int size() {
    return docIds.length;
  }

  /** The document at 0-based rank {@code r}. */
  public String docId(int r) {
    return docIds[r];
  }

  /** The score at 0-based rank {@code r}. */
  public double score(int r) {
    return scores[r];
  }

  /** Document ids, best first (unmodifiable). */
  public List<String> docIds() {
    return Collections.unmodifiableList(Arrays.asList(docIds.clone()));
  }

  /** Scores, best first (a copy). */
  public double[] scores() {
    return scores.clone();
  }

  /** The first {@code k} hits (this ranking when it has no more). */
  public Ranking top(int k) {
    Checks.atLeast("k", k, 0);
    return k >= docIds.length ? this
        : new Ranking(queryId, Arrays.copyOf(docIds, k), Arrays.copyOf(scores, k), false);
  }

  /** The ids of a batch's rankings, one list per query (for recall against another retriever). */
  public static List<List<String>> ids(List<Ranking> rankings) {
    List<List<String>> out = new ArrayList<>(rankings.size());
    for (Ranking r : rankings) {
      out.add(r.docIds());
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ranking r && queryId.equals(r.queryId) && Arrays.equals(docIds, r.docIds)
        && Arrays.equals(scores, r.scores);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * queryId.hashCode() + Arrays.hashCode(docIds)) + Arrays.hashCode(scores);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Ranking[").append(queryId).append(':');
    for (int r = 0; r < Math.min(5, docIds.length); r++) {
      sb.append(' ').append(docIds[r]).append('=').append((float) scores[r]);
    }
    return sb.append(docIds.length > 5 ? " ... (" + docIds.length + ")]" : "]").toString();
  }
}

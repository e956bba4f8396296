package dev.embedlab.eval.search;

import dev.embedlab.eval.data.Run;
import dev.embedlab.eval.data.ScoredDoc;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ranked hits of a batch of queries: for each query, up to {@code k} documents in trec_eval's
 * order (score descending, then document id descending in UTF-8 byte order, see
 * {@link ScoredDoc#TREC_ORDER}); {@link #toRun()} turns them into the {@link Run} the metrics read.
 *
 * <p>Immutable: the arrays handed in are owned by this object (the factory in {@link ExactSearch}
 * never shares them) and every accessor returns a copy or an unmodifiable view.
 */
public final class SearchResults {

  /**
   * One retrieved document.
   *
   * @param docId the document's id
   * @param score its inner product with the query (cosine on unit vectors)
   */
  public record Hit(String docId, float score) {
    public Hit {
      if (docId == null) {
        throw new IllegalArgumentException("docId must not be null");
      }
    }
  }

  private final String[] queryIds;
  private final String[] docIds;
  private final int[][] docIndices;
  private final float[][] scores;

  SearchResults(String[] queryIds, String[] docIds, int[][] docIndices, float[][] scores) {
    if (queryIds.length != docIndices.length || queryIds.length != scores.length) {
      throw new IllegalArgumentException(
          "queryIds, docIndices and scores must have one entry per query; "
              + queryIds.length + ", " + docIndices.length + ", " + scores.length);
    }
    this.queryIds = queryIds;
    this.docIds = docIds;
    this.docIndices = docIndices;
    this.scores = scores;
  }

  /** Number of queries searched. */
  public int queryCount() {
    return queryIds.length;
  }

  /** The id of query {@code q} (in the order the queries were given). */
  public String queryId(int q) {
    return queryIds[checkQuery(q)];
  }

  /** Query ids in input order (a copy). */
  public List<String> queryIds() {
    return List.of(queryIds.clone());
  }

  /** The ranked hits of query {@code q}, best first. */
  public List<Hit> hits(int q) {
    checkQuery(q);
    int[] idx = docIndices[q];
    float[] s = scores[q];
    List<Hit> out = new ArrayList<>(idx.length);
    for (int r = 0; r < idx.length; r++) {
      out.add(new Hit(docIds[idx[r]], s[r]));
    }
    return Collections.unmodifiableList(out);
  }

  /** The corpus positions of query {@code q}'s hits, best first (a copy). */
  public int[] docIndices(int q) {
    return docIndices[checkQuery(q)].clone();
  }

  /** The scores of query {@code q}'s hits, best first (a copy). */
  public float[] scores(int q) {
    return scores[checkQuery(q)].clone();
  }

  /** The ids of query {@code q}'s hits, best first. */
  public List<String> docIds(int q) {
    int[] idx = docIndices[checkQuery(q)];
    String[] out = new String[idx.length];
    for (int r = 0; r < idx.length; r++) {
      out[r] = docIds[idx[r]];
    }
    return List.of(out);
  }

  /**
   * The hits as a {@link Run} (query id → ranked {@link ScoredDoc}s), float scores widened exactly
   * to double, every query present (an empty list when the corpus was empty).
   */
  public Run toRun() {
    Map<String, List<ScoredDoc>> m = new LinkedHashMap<>();
    for (int q = 0; q < queryIds.length; q++) {
      int[] idx = docIndices[q];
      float[] s = scores[q];
      List<ScoredDoc> l = new ArrayList<>(idx.length);
      for (int r = 0; r < idx.length; r++) {
        l.add(new ScoredDoc(docIds[idx[r]], s[r]));
      }
      m.put(queryIds[q], l);
    }
    return Run.of(m);
  }

  private int checkQuery(int q) {
    if (q < 0 || q >= queryIds.length) {
      throw new IndexOutOfBoundsException(
          "query index must be in [0, " + queryIds.length + "); q=" + q);
    }
    return q;
  }
}

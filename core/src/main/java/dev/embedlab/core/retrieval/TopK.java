package dev.embedlab.core.retrieval;

import dev.embedlab.core.Checks;
import dev.embedlab.core.IdOrder;

/**
 * Bounded selection of the best {@code k} of a stream of (document index, score) pairs in
 * trec_eval order (score descending, ties by document id descending by code point, see
 * {@link Ranking#compare}). The one top-k of the library: exact search, compressed search, ANN
 * indexes, fusion and reranking all select with it, so they break ties identically.
 *
 * <p>A binary min-heap whose root is the worst kept hit: {@code O(n log k)}, and a score below
 * the root is rejected with one comparison. NaN and infinite scores are refused where they enter
 * (a NaN compares as neither better nor worse and would stay in the heap forever, pushing the
 * true best match out). Reusable with {@link #clear()}; not thread-safe.
 */
public final class TopK {
  private final int k;
  private final String[] ids;
  private final int[] heapIdx;
  private final double[] heapScore;
  private int size;

  /**
   * @param k how many to keep, >= 0
   * @param ids document ids by index: ties are broken by them
   */
  public TopK(int k, String[] ids) {
    Checks.atLeast("k", k, 0);
    Checks.notNull("ids", ids);
    this.k = Math.min(k, ids.length);
    this.ids = ids;
    this.heapIdx = new int[this.k];
    this.heapScore = new double[this.k];
  }

  /** Whether (a, sa) ranks below (b, sb). */
  private boolean worse(int a, double sa, int b, double sb) {
    if (sa != sb) {
      return sa < sb;
    }
    return IdOrder.compareCodePoints(ids[a], ids[b]) < 0;
  }

  /**
   * Offers document {@code index} with {@code score}.
   *
   * @throws IllegalArgumentException if the score is NaN or infinite, naming the document
   */
  public void offer(int index, double score) {
    if (!(score > Double.NEGATIVE_INFINITY && score < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("score of document " + ids[index] + " (index " + index
          + ") must be finite; score=" + score);
    }
    if (size < k) {
      int i = size++;
      heapIdx[i] = index;
      heapScore[i] = score;
      while (i > 0) {
        int p = (i - 1) >>> 1;
        if (worse(heapIdx[i], heapScore[i], heapIdx[p], heapScore[p])) {
          swap(i, p);
          i = p;
        } else {
          break;
        }
      }
      return;
    }
    if (k == 0 || score < heapScore[0] || !worse(heapIdx[0], heapScore[0], index, score)) {
      return;
    }
    heapIdx[0] = index;
    heapScore[0] = score;
    int i = 0;
    while (true) {
      int l = 2 * i + 1;
      int r = l + 1;
      int w = i;
      if (l < size && worse(heapIdx[l], heapScore[l], heapIdx[w], heapScore[w])) {
        w = l;
      }
      if (r < size && worse(heapIdx[r], heapScore[r], heapIdx[w], heapScore[w])) {
        w = r;
      }
      if (w == i) {
        break;
      }
      swap(i, w);
      i = w;
    }
  }

  /**
   * Offers {@code n} float scores at once: {@code scores[off + j]} is document
   * {@code indexBase + j}; position {@code skip} (relative, or -1) is left out (a query's own
   * document). The hot loop of exact search: once the heap is full each score costs one
   * comparison with the root. Scores must be finite (the caller validated the vectors: see
   * {@code VectorUtil.checkFiniteRows}, whose norm bound keeps every dot product finite).
   */
  public void offerScores(float[] scores, int off, int n, int indexBase, int skip) {
    int j = 0;
    for (; j < n && size < k; j++) {
      if (j != skip) {
        offer(indexBase + j, scores[off + j]);
      }
    }
    if (k == 0) {
      return;
    }
    // Eight scores are tested against the root with one branch (non-short-circuit &): almost every
    // group of a large scan is rejected whole. The float bound never exceeds the double root, so a
    // group it rejects holds no hit; one it lets through is offered score by score.
    float thr = floatAtMost(heapScore[0]);
    for (; j + 8 <= n; j += 8) {
      int o = off + j;
      if (scores[o] < thr & scores[o + 1] < thr & scores[o + 2] < thr & scores[o + 3] < thr
          & scores[o + 4] < thr & scores[o + 5] < thr & scores[o + 6] < thr & scores[o + 7] < thr) {
        continue;
      }
      thr = offerRange(scores, off, j, j + 8, indexBase, skip, thr);
    }
    offerRange(scores, off, j, n, indexBase, skip, thr);
  }

  /** Offers positions {@code [from, to)} that reach {@code thr}; returns the bound after them. */
  private float offerRange(float[] scores, int off, int from, int to, int indexBase, int skip, float thr) {
    float t = thr;
    for (int j = from; j < to; j++) {
      float s = scores[off + j];
      if (s >= t && j != skip) {
        offer(indexBase + j, s);
        t = floatAtMost(heapScore[0]);
      }
    }
    return t;
  }

  /** The largest float not above {@code d}. */
  private static float floatAtMost(double d) {
    float f = (float) d;
    return f > d ? Math.nextDown(f) : f;
  }

  /**
   * The score a new hit must beat to enter once the heap is full; negative infinity before.
   * Lets a caller skip work (e.g. rescoring) for candidates that cannot enter.
   */
  public double threshold() {
    return size < k || k == 0 ? Double.NEGATIVE_INFINITY : heapScore[0];
  }

  /** Hits kept so far. */
  public int size() {
    return size;
  }

  /** Forgets every hit, keeping k and ids. */
  public void clear() {
    size = 0;
  }

  private void swap(int a, int b) {
    int ti = heapIdx[a];
    heapIdx[a] = heapIdx[b];
    heapIdx[b] = ti;
    double ts = heapScore[a];
    heapScore[a] = heapScore[b];
    heapScore[b] = ts;
  }

  /** Kept document indices, best first (the heap is left unchanged). */
  public int[] indices() {
    return order(new double[size]);
  }

  private int[] order(double[] scoresOut) {
    Integer[] o = new Integer[size];
    for (int i = 0; i < size; i++) {
      o[i] = i;
    }
    java.util.Arrays.sort(o, (x, y) -> Ranking.compare(ids[heapIdx[x]], heapScore[x], ids[heapIdx[y]], heapScore[y]));
    int[] idx = new int[size];
    for (int r = 0; r < size; r++) {
      idx[r] = heapIdx[o[r]];
      scoresOut[r] = heapScore[o[r]];
    }
    return idx;
  }

  /** The kept hits as a {@link Ranking}, best first (the heap is left unchanged). */
  public Ranking toRanking(String queryId) {
    double[] s = new double[size];
    int[] idx = order(s);
    String[] d = new String[size];
    for (int r = 0; r < size; r++) {
      d[r] = ids[idx[r]];
    }
    return Ranking.owning(queryId, d, s);
  }
}

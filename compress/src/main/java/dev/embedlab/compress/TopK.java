package dev.embedlab.compress;

import java.util.ArrayList;
import java.util.List;

/**
 * Bounded selection of the best {@code k} (index, score) pairs in trec_eval order: score descending,
 * ties broken by document id descending, compared by Unicode code point (so results equal what trec_eval, pytrec_eval and
 * BEIR score). A binary min-heap whose root is the worst kept entry; {@code O(n log k)}.
 */
final class TopK {
  private final int k;
  private final String[] ids;
  private final int[] heapIdx;
  private final float[] heapScore;
  private int size;

  TopK(int k, String[] ids) {
    this.k = k;
    this.ids = ids;
    this.heapIdx = new int[k];
    this.heapScore = new float[k];
  }

  /** Whether (a, sa) ranks below (b, sb) in trec_eval order. */
  private boolean worse(int a, float sa, int b, float sb) {
    if (sa != sb) {
      return sa < sb;
    }
    return compareCodePoints(ids[a], ids[b]) < 0;
  }

  void offer(int index, float score) {
    if (size < k) {
      int i = size++;
      heapIdx[i] = index;
      heapScore[i] = score;
      while (i > 0) { // sift up: parent must be worse than child
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
    if (k == 0 || !worse(heapIdx[0], heapScore[0], index, score)) {
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

  private void swap(int a, int b) {
    int ti = heapIdx[a];
    heapIdx[a] = heapIdx[b];
    heapIdx[b] = ti;
    float ts = heapScore[a];
    heapScore[a] = heapScore[b];
    heapScore[b] = ts;
  }

  /** Compares by Unicode code point (= {@code strcmp} on UTF-8, trec_eval's comparison). */
  static int compareCodePoints(String a, String b) {
    return dev.embedlab.core.IdOrder.compareCodePoints(a, b);
  }

  /** The kept entries, best first. */
  List<Hit> result() {
    List<Hit> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(new Hit(ids[heapIdx[i]], heapIdx[i], heapScore[i]));
    }
    out.sort((a, b) -> {
      int c = Float.compare(b.score(), a.score());
      return c != 0 ? c : compareCodePoints(b.id(), a.id());
    });
    return out;
  }
}

package dev.embedlab.eval.search;

import dev.embedlab.core.retrieval.Ranking;
import java.util.HashMap;
import java.util.Map;

/** Test views of a {@link Ranking}: corpus positions and the float scores the search computed. */
final class Rankings {
  private Rankings() {}

  /** Corpus positions of a ranking's documents, looked up in {@code docIds}. */
  static int[] indices(Ranking r, String[] docIds) {
    Map<String, Integer> pos = new HashMap<>();
    for (int i = 0; i < docIds.length; i++) {
      pos.put(docIds[i], i);
    }
    int[] out = new int[r.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = pos.get(r.docId(i));
    }
    return out;
  }

  /** A ranking's scores narrowed back to floats (exact: search widened float scores). */
  static float[] floats(Ranking r) {
    float[] out = new float[r.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) r.score(i);
    }
    return out;
  }
}

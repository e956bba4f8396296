package dev.embedlab.eval.metrics;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Context precision and recall that need no model, exactly as RAGAS 0.4 computes them
 * ({@code ragas.metrics.collections}: {@code IDBasedContextPrecision}, {@code IDBasedContextRecall},
 * {@code NonLLMContextPrecisionWithReference}, {@code NonLLMContextRecall},
 * {@code NonLLMStringSimilarity} with the Levenshtein distance), so a score computed here equals
 * RAGAS's on the same sample.
 *
 * <ul>
 *   <li>ID precision = |set(retrieved) ∩ set(reference)| / |set(retrieved)|; ID recall =
 *       |set(retrieved) ∩ set(reference)| / |set(reference)| (ids compared as strings, duplicates
 *       counted once). NaN when the denominator set is empty.</li>
 *   <li>Similarity of two texts = 1 − Levenshtein(a, b) / max(|a|, |b|) over Unicode code points
 *       (rapidfuzz's {@code normalized_distance}); 1 for two empty texts.</li>
 *   <li>Non-LLM precision: retrieved context k is relevant (v_k = 1) when its best similarity to a
 *       reference context is {@code >= threshold}; score = Σ_k precision@k · v_k / (Σ_k v_k + 1e-10)
 *       — RAGAS's average precision, its 1e-10 included, so a list with no relevant context scores 0.</li>
 *   <li>Non-LLM recall: a reference context is recalled when its best similarity to a retrieved
 *       context is {@code > threshold} (strictly greater, as RAGAS writes it); score = recalled /
 *       references.</li>
 * </ul>
 * RAGAS's default threshold is 0.5 ({@link #DEFAULT_THRESHOLD}).
 */
public final class RagasContextMetrics {
  /** RAGAS's default similarity threshold. */
  public static final double DEFAULT_THRESHOLD = 0.5;

  private RagasContextMetrics() {}

  /** |set(retrieved) ∩ set(reference)| / |set(retrieved)|; NaN when nothing was retrieved. */
  public static double idPrecision(List<String> retrievedIds, List<String> referenceIds) {
    Set<String> ret = new HashSet<>(retrievedIds);
    Set<String> ref = new HashSet<>(referenceIds);
    if (ret.isEmpty()) {
      return Double.NaN;
    }
    long hits = ret.stream().filter(ref::contains).count();
    return (double) hits / ret.size();
  }

  /** |set(retrieved) ∩ set(reference)| / |set(reference)|; NaN when there is no reference. */
  public static double idRecall(List<String> retrievedIds, List<String> referenceIds) {
    Set<String> ret = new HashSet<>(retrievedIds);
    Set<String> ref = new HashSet<>(referenceIds);
    if (ref.isEmpty()) {
      return Double.NaN;
    }
    long hits = ref.stream().filter(ret::contains).count();
    return (double) hits / ref.size();
  }

  /** RAGAS's average precision of binary verdicts in rank order (see the class doc). */
  public static double averagePrecision(int[] verdicts) {
    double numerator = 0;
    int relevant = 0;
    for (int i = 0; i < verdicts.length; i++) {
      if (verdicts[i] != 0 && verdicts[i] != 1) {
        throw new IllegalArgumentException("verdicts must be 0 or 1; verdicts[" + i + "]=" + verdicts[i]);
      }
      relevant += verdicts[i];
      numerator += (double) relevant / (i + 1) * verdicts[i];
    }
    return numerator / (relevant + 1e-10);
  }

  /** Non-LLM context precision with reference contexts (see the class doc). */
  public static double stringPrecision(List<String> retrieved, List<String> reference, double threshold) {
    if (retrieved.isEmpty() || reference.isEmpty()) {
      return Double.NaN;
    }
    int[] v = new int[retrieved.size()];
    for (int k = 0; k < v.length; k++) {
      double best = 0;
      for (String ref : reference) {
        best = Math.max(best, similarity(retrieved.get(k), ref));
      }
      v[k] = best >= threshold ? 1 : 0;
    }
    return averagePrecision(v);
  }

  /** Non-LLM context recall against reference contexts (see the class doc). */
  public static double stringRecall(List<String> retrieved, List<String> reference, double threshold) {
    if (reference.isEmpty()) {
      return Double.NaN;
    }
    int recalled = 0;
    for (String ref : reference) {
      double best = 0;
      for (String r : retrieved) {
        best = Math.max(best, similarity(r, ref));
      }
      if (best > threshold) {
        recalled++;
      }
    }
    return (double) recalled / reference.size();
  }

  /** 1 − Levenshtein distance / the longer length, over code points; 1 for two empty strings. */
  public static double similarity(String a, String b) {
    int[] x = a.codePoints().toArray();
    int[] y = b.codePoints().toArray();
    int max = Math.max(x.length, y.length);
    if (max == 0) {
      return 1.0;
    }
    return 1.0 - (double) levenshtein(x, y) / max;
  }

  /** Levenshtein distance (unit costs) by the two-row dynamic programme. */
  static int levenshtein(int[] x, int[] y) {
    int[] prev = new int[y.length + 1];
    int[] cur = new int[y.length + 1];
    for (int j = 0; j <= y.length; j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= x.length; i++) {
      cur[0] = i;
      for (int j = 1; j <= y.length; j++) {
        int sub = prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[y.length];
  }
}

package dev.embedlab.bakeoff;

import dev.embedlab.core.Checks;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Retrieval quality of one candidate, averaged as {@code trec_eval -c} (every judged query counts;
 * one the run misses scores 0).
 *
 * @param queries number of queries averaged over
 * @param means measure label (e.g. {@code nDCG@10}) → mean, in the bake-off's measure order
 * @param recallCurve k → mean Recall@k (for the recall@k chart)
 * @param perQuery query id → value of the primary measure, in qrels order (for significance and
 *     the win/loss chart)
 */
public record Quality(int queries, Map<String, Double> means, SortedMap<Integer, Double> recallCurve,
    Map<String, Double> perQuery) {

  /** Validates and copies (orders kept). */
  public Quality {
    Checks.atLeast("queries", queries, 0);
    means = Collections.unmodifiableMap(new LinkedHashMap<>(means));
    recallCurve = Collections.unmodifiableSortedMap(new TreeMap<>(recallCurve));
    perQuery = Collections.unmodifiableMap(new LinkedHashMap<>(perQuery));
  }

  /**
   * The mean of one measure.
   *
   * @throws IllegalArgumentException when the measure was not computed
   */
  public double mean(String label) {
    Double v = means.get(label);
    if (v == null) {
      throw new IllegalArgumentException("measure not computed: " + label + "; have " + means.keySet());
    }
    return v;
  }
}

package dev.embedlab.bakeoff;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The queries of a bake-off that share one tag value (e.g. {@code language = ko}) and every
 * candidate's mean of every measure over them (means as {@code trec_eval -c}: a query with no hit
 * counts 0).
 *
 * @param dimension the tag, e.g. {@code language}, {@code domain}, {@code type}, {@code cross-lingual}
 * @param value the tag value, e.g. {@code ko}
 * @param source where the tag came from: {@code "data set"} or {@code "detected"}
 * @param queryIds the queries in this slice, in evaluation order
 * @param means candidate name → (measure label → mean over the slice), in candidate and measure order
 */
public record Slice(String dimension, String value, String source, List<String> queryIds,
    Map<String, Map<String, Double>> means) {

  /** Validates and copies (orders kept). */
  public Slice {
    if (dimension == null || value == null || source == null || queryIds == null || means == null) {
      throw new IllegalArgumentException("dimension, value, source, queryIds and means must be non-null");
    }
    queryIds = List.copyOf(queryIds);
    Map<String, Map<String, Double>> m = new LinkedHashMap<>();
    means.forEach((c, v) -> m.put(c, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    means = Collections.unmodifiableMap(m);
  }

  /** Number of queries in the slice. */
  public int queries() {
    return queryIds.size();
  }

  /**
   * The candidate's mean of {@code measure} over this slice.
   *
   * @throws IllegalArgumentException when the candidate or measure is unknown
   */
  public double mean(String candidate, String measure) {
    Map<String, Double> m = means.get(candidate);
    Double v = m == null ? null : m.get(measure);
    if (v == null) {
      throw new IllegalArgumentException("no " + measure + " for candidate " + candidate + " in slice "
          + dimension + "=" + value + "; have " + means.keySet());
    }
    return v;
  }
}

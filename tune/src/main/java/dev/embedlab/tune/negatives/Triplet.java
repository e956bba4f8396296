package dev.embedlab.tune.negatives;

/**
 * One training triplet as stored in the JSON-lines format {@code {"query": …, "pos": …, "neg": …}}:
 * texts (or ids, if the writer was given identity lookups).
 */
public record Triplet(String query, String pos, String neg) {
  public Triplet {
    if (query == null || pos == null || neg == null) {
      throw new IllegalArgumentException(
          "query, pos and neg must not be null; query=" + query + ", pos=" + pos + ", neg=" + neg);
    }
  }
}

package dev.embedlab.bakeoff;

import java.util.List;

/**
 * Provenance and size of the data a bake-off ran on.
 *
 * @param id data set id, e.g. {@code scifact/test}
 * @param licence its licence
 * @param source where it was read from
 * @param documents corpus size (for a pair set: 0)
 * @param queries number of queries (for a pair set: number of pairs)
 * @param judgments qrels lines (for a pair set: 0)
 * @param warnings what the loader noticed (e.g. judged documents missing from the corpus)
 */
public record DatasetInfo(String id, String licence, String source, int documents, int queries,
    int judgments, List<String> warnings) {

  /** Validates and copies. */
  public DatasetInfo {
    if (id == null || licence == null || source == null) {
      throw new IllegalArgumentException("id, licence and source must be non-null; id=" + id);
    }
    if (documents < 0 || queries < 0 || judgments < 0) {
      throw new IllegalArgumentException("counts must be >= 0; documents=" + documents
          + " queries=" + queries + " judgments=" + judgments);
    }
    warnings = List.copyOf(warnings == null ? List.of() : warnings);
  }

  /** Starts a warning about a data problem severe enough to withhold the recommendation. */
  public static final String SEVERE = "SEVERE: ";

  /** The warnings that withhold the recommendation (they start with {@link #SEVERE}). */
  public List<String> severeWarnings() {
    return warnings.stream().filter(w -> w.startsWith(SEVERE)).toList();
  }
}

package dev.embedlab.compress;

/**
 * One search result: the document id, its position in the indexed set, and its score (codec score,
 * or the full-precision score when rescored).
 */
public record Hit(String id, int index, float score) {
  /** Validates the fields. */
  public Hit {
    if (id == null) {
      throw new IllegalArgumentException("id must not be null");
    }
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0; index=" + index);
    }
  }
}

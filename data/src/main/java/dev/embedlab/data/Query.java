package dev.embedlab.data;

import java.util.Objects;

/**
 * A query.
 *
 * @param id unique id, non-empty
 * @param text query text, non-null
 */
public record Query(String id, String text) {
  /** Validates. */
  public Query {
    Objects.requireNonNull(id, "id");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("id must be non-empty");
    }
    Objects.requireNonNull(text, "text");
  }
}

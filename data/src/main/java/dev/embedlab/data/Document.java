package dev.embedlab.data;

import java.util.Objects;

/**
 * A corpus document.
 *
 * @param id unique id, non-empty
 * @param title title, possibly empty (never null)
 * @param text body text, never null
 */
public record Document(String id, String title, String text) {
  /** Validates; a null title becomes "". */
  public Document {
    Objects.requireNonNull(id, "id");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("id must be non-empty");
    }
    title = title == null ? "" : title;
    Objects.requireNonNull(text, "text");
  }

  /**
   * @return title and text joined by a single space (title omitted when empty) — the form BEIR's
   *     sentence-transformers models embed ({@code title + " " + text})
   */
  public String titleAndText() {
    return title.isEmpty() ? text : title + " " + text;
  }
}

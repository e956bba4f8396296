package dev.embedlab.rag.chunk;

/**
 * A passage cut from a document, with where it came from.
 *
 * @param id unique id: {@code <file>#<start>-<end>}
 * @param title the document's title (or its file name when it has none)
 * @param text {@code document.text().substring(start, end)}
 * @param file the document's path relative to the ingested folder
 * @param page the page where the passage starts (1 for formats without pages)
 * @param start first character, in the document's extracted text
 * @param end one past the last character
 */
public record Passage(String id, String title, String text, String file, int page, int start, int end) {
  public Passage {
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("passage must have 0 <= start < end; start=" + start + ", end=" + end);
    }
  }
}

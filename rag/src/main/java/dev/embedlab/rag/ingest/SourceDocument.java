package dev.embedlab.rag.ingest;

import java.util.List;

/**
 * The text of one file as the parser read it, with the character ranges of its pages.
 *
 * @param file the file's path relative to the ingested folder, with {@code /} separators
 * @param mediaType the detected media type, e.g. {@code application/pdf}
 * @param title the document's title from its metadata, or empty
 * @param text the extracted text; paragraphs end with a blank line
 * @param pages the page ranges in {@code text} (one range for formats without pages)
 * @param sha256 SHA-256 of the file's bytes, so a corpus names the exact file it came from
 */
public record SourceDocument(String file, String mediaType, String title, String text, List<Page> pages, String sha256) {

  /**
   * One page: {@code text.substring(start, end)}.
   *
   * @param number 1-based page number (1 for formats without pages)
   */
  public record Page(int number, int start, int end) {
    public Page {
      if (number < 1 || start < 0 || end < start) {
        throw new IllegalArgumentException("page must have number >= 1 and 0 <= start <= end; number=" + number
            + ", start=" + start + ", end=" + end);
      }
    }
  }

  public SourceDocument {
    pages = List.copyOf(pages);
    if (pages.isEmpty()) {
      throw new IllegalArgumentException(file + ": a document has at least one page range");
    }
  }

  /** The page holding character {@code offset} (the last page for the end of the text). */
  public int pageAt(int offset) {
    for (Page p : pages) {
      if (offset < p.end()) {
        return p.number();
      }
    }
    return pages.get(pages.size() - 1).number();
  }
}

package dev.embedlab.rag.chunk;

import dev.embedlab.core.retrieval.Provenance;
import dev.embedlab.rag.ingest.SourceDocument;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a document into passages. Chunking changes the numbers a bake-off compares, so each chunker
 * describes itself ({@link #provenance()}) and the description goes into the corpus and every report.
 */
public interface Chunker {

  /** The passages of {@code doc}, in text order; each a substring of {@code doc.text()}. */
  List<Passage> chunk(SourceDocument doc);

  /** What this chunker is and its parameters. */
  Provenance provenance();

  /** The passages of every document, in order. */
  default List<Passage> chunkAll(List<SourceDocument> docs) {
    List<Passage> out = new ArrayList<>();
    for (SourceDocument d : docs) {
      out.addAll(chunk(d));
    }
    return out;
  }

  /** A passage of {@code doc} over {@code [start, end)} with surrounding whitespace trimmed, or null if blank. */
  static Passage passage(SourceDocument doc, int start, int end) {
    String t = doc.text();
    while (start < end && Character.isWhitespace(t.charAt(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(t.charAt(end - 1))) {
      end--;
    }
    if (end <= start) {
      return null;
    }
    String title = doc.title().isEmpty() ? doc.file() : doc.title();
    return new Passage(doc.file() + "#" + start + "-" + end, title, t.substring(start, end), doc.file(),
        doc.pageAt(start), start, end);
  }
}

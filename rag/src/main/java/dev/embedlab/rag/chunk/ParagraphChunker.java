package dev.embedlab.rag.chunk;

import dev.embedlab.core.Checks;
import dev.embedlab.core.retrieval.Provenance;
import dev.embedlab.rag.ingest.SourceDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Paragraphs (text between blank lines) merged while the passage stays within {@code maxChars}; a
 * paragraph longer than {@code maxChars} is cut by {@link SentenceChunker} sentences. Passages never
 * cross a page boundary, so the page of a passage is its only page.
 */
public final class ParagraphChunker implements Chunker {
  private final int maxChars;

  /** @param maxChars the largest passage made by merging, {@code >= 1} */
  public ParagraphChunker(int maxChars) {
    this.maxChars = Checks.atLeast("maxChars", maxChars, 1);
  }

  @Override
  public List<Passage> chunk(SourceDocument doc) {
    String t = doc.text();
    List<int[]> paras = new ArrayList<>();
    int s = 0;
    while (s < t.length()) {
      int e = t.indexOf("\n\n", s);
      e = e < 0 ? t.length() : e;
      paras.add(new int[] {s, e});
      s = e + 2;
    }
    List<Passage> out = new ArrayList<>();
    int i = 0;
    while (i < paras.size()) {
      int start = paras.get(i)[0];
      int end = paras.get(i)[1];
      if (end - start > maxChars) {
        SentenceChunker sc = new SentenceChunker(maxChars, 0);
        for (Passage p : sc.chunk(new SourceDocument(doc.file(), doc.mediaType(), doc.title(),
            t.substring(0, end), doc.pages(), doc.sha256()))) {
          if (p.start() >= start) {
            out.add(p);
          }
        }
        i++;
        continue;
      }
      int j = i;
      while (j + 1 < paras.size() && paras.get(j + 1)[1] - start <= maxChars
          && doc.pageAt(paras.get(j + 1)[0]) == doc.pageAt(start)) {
        j++;
      }
      Passage p = Chunker.passage(doc, start, paras.get(j)[1]);
      if (p != null) {
        out.add(p);
      }
      i = j + 1;
    }
    return out;
  }

  @Override
  public Provenance provenance() {
    return Provenance.of("paragraph-chunker", Map.of("maxChars", maxChars));
  }
}

package dev.embedlab.rag.chunk;

import dev.embedlab.core.retrieval.Provenance;
import dev.embedlab.rag.ingest.SourceDocument;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whole sentences packed into passages of at most {@code maxChars} characters (a longer sentence is a
 * passage of its own), with the last {@code overlapSentences} sentences of a passage repeated at the
 * start of the next. Paragraphs (blank lines) always end a sentence.
 *
 * <p>Sentence boundaries: the JDK's {@link BreakIterator} for the root locale (Unicode UAX #29
 * sentence rules: {@code . ? !} and their full-width forms, quotes and brackets after them), which
 * splits Korean at {@code 다.}, {@code 요?} and other endings followed by terminal punctuation, plus
 * a split after a Korean declarative ending {@code 다}/{@code 요}/{@code 죠} followed by a line break,
 * which Korean web text often leaves without a period.
 */
public final class SentenceChunker implements Chunker {
  private final int maxChars;
  private final int overlapSentences;

  /**
   * @param maxChars the largest passage, {@code >= 1} characters (a single longer sentence is kept whole)
   * @param overlapSentences sentences repeated from the previous passage, {@code >= 0}
   */
  public SentenceChunker(int maxChars, int overlapSentences) {
    if (maxChars < 1 || overlapSentences < 0) {
      throw new IllegalArgumentException("need maxChars >= 1 and overlapSentences >= 0; maxChars=" + maxChars
          + ", overlapSentences=" + overlapSentences);
    }
    this.maxChars = maxChars;
    this.overlapSentences = overlapSentences;
  }

  /** Sentence ranges of {@code text}: {@code {start, end}} pairs covering every non-blank sentence. */
  public static List<int[]> sentences(String text) {
    List<int[]> out = new ArrayList<>();
    int para = 0;
    while (para < text.length()) {
      int paraEnd = text.indexOf("\n\n", para);
      if (paraEnd < 0) {
        paraEnd = text.length();
      }
      splitParagraph(text, para, paraEnd, out);
      para = paraEnd + 2;
    }
    return out;
  }

  private static void splitParagraph(String text, int from, int to, List<int[]> out) {
    BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
    String para = text.substring(from, to);
    it.setText(para);
    int s = it.first();
    for (int e = it.next(); e != BreakIterator.DONE; s = e, e = it.next()) {
      // Korean endings before a single line break, without a period, also end a sentence.
      int cut = s;
      for (int i = s; i < e - 1; i++) {
        char c = para.charAt(i);
        if ((c == '다' || c == '요' || c == '죠') && para.charAt(i + 1) == '\n') {
          add(from + cut, from + i + 1, text, out);
          cut = i + 1;
        }
      }
      add(from + cut, from + e, text, out);
    }
  }

  private static void add(int s, int e, String text, List<int[]> out) {
    while (s < e && Character.isWhitespace(text.charAt(s))) {
      s++;
    }
    while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
      e--;
    }
    if (e > s) {
      out.add(new int[] {s, e});
    }
  }

  @Override
  public List<Passage> chunk(SourceDocument doc) {
    List<int[]> sents = sentences(doc.text());
    List<Passage> out = new ArrayList<>();
    int i = 0;
    while (i < sents.size()) {
      int j = i;
      int start = sents.get(i)[0];
      while (j + 1 < sents.size() && sents.get(j + 1)[1] - start <= maxChars) {
        j++;
      }
      Passage p = Chunker.passage(doc, start, sents.get(j)[1]);
      if (p != null) {
        out.add(p);
      }
      if (j + 1 >= sents.size()) {
        break;
      }
      i = Math.max(i + 1, j + 1 - overlapSentences);
    }
    return out;
  }

  @Override
  public Provenance provenance() {
    return Provenance.of("sentence-chunker", Map.of("maxChars", maxChars, "overlapSentences", overlapSentences));
  }
}

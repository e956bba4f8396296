package dev.embedlab.rag.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.rag.ingest.SourceDocument;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkerTest {

  private static SourceDocument doc(String text, List<SourceDocument.Page> pages) {
    return new SourceDocument("f.txt", "text/plain", "", text, pages, "0".repeat(64));
  }

  private static void assertSubstrings(SourceDocument d, List<Passage> ps) {
    for (Passage p : ps) {
      assertEquals(d.text().substring(p.start(), p.end()), p.text(), "passage text equals its offsets");
      assertEquals("f.txt#" + p.start() + "-" + p.end(), p.id());
    }
  }

  @Test
  void tokenWindowsOverlapByTheGivenCount() {
    String text = "a b c d e f g h i j";
    SourceDocument d = doc(text, List.of(new SourceDocument.Page(1, 0, text.length())));
    List<Passage> ps = new TokenChunker(4, 1, TokenSpans.WORDS, "words").chunk(d);
    assertEquals(List.of("a b c d", "d e f g", "g h i j"), ps.stream().map(Passage::text).toList());
    assertSubstrings(d, ps);
    assertEquals(List.of("a b c d e", "e f g h i", "i j"),
        new TokenChunker(5, 1, TokenSpans.WORDS, "words").chunk(d).stream().map(Passage::text).toList());
  }

  @Test
  void koreanSentencesEndAtTerminalPunctuationAndAtEndingsBeforeALineBreak() {
    String text = "서울은 한국의 수도이다. 부산은 항구 도시다!\n대구는 분지에 있다\n광주는 빛고을이라 불린다?\n\n새 문단입니다.";
    List<int[]> s = SentenceChunker.sentences(text);
    List<String> got = s.stream().map(r -> text.substring(r[0], r[1])).toList();
    assertEquals(List.of("서울은 한국의 수도이다.", "부산은 항구 도시다!", "대구는 분지에 있다",
        "광주는 빛고을이라 불린다?", "새 문단입니다."), got);
  }

  @Test
  void sentencesArePackedUpToTheLimitWithOverlap() {
    String text = "One two. Three four. Five six. Seven eight.";
    SourceDocument d = doc(text, List.of(new SourceDocument.Page(1, 0, text.length())));
    List<Passage> ps = new SentenceChunker(22, 1).chunk(d);
    assertEquals(List.of("One two. Three four.", "Three four. Five six.", "Five six. Seven eight."),
        ps.stream().map(Passage::text).toList());
    assertSubstrings(d, ps);
  }

  @Test
  void paragraphsMergeButNeverCrossAPage() {
    String text = "Para one.\n\nPara two.\n\nPara three.";
    int p2 = text.indexOf("Para three");
    SourceDocument d = doc(text, List.of(new SourceDocument.Page(1, 0, p2), new SourceDocument.Page(2, p2, text.length())));
    List<Passage> ps = new ParagraphChunker(1000).chunk(d);
    assertEquals(List.of("Para one.\n\nPara two.", "Para three."), ps.stream().map(Passage::text).toList());
    assertEquals(List.of(1, 2), ps.stream().map(Passage::page).toList());
    assertSubstrings(d, ps);
    assertTrue(new ParagraphChunker(1000).provenance().canonical().contains("maxChars=1000"));
  }
}

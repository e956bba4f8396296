package dev.embedlab.eval.lexical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.data.Document;
import dev.embedlab.data.Query;
import dev.embedlab.data.Run;
import dev.embedlab.data.ScoredDoc;
import java.util.List;
import org.junit.jupiter.api.Test;

class Bm25IndexTest {
  private static final double TOL = 1e-5;

  private static List<Document> fruit() {
    return List.of(
        new Document("d1", "", "apple banana"),
        new Document("d2", "", "apple apple cherry"),
        new Document("d3", "", "banana cherry date egg"));
  }

  /** Lucene's BM25 (no (k1+1) factor), idf = ln(1 + (N − df + 0.5)/(df + 0.5)). */
  private static double bm25(double tf, double df, double n, double dl, double avgdl, double k1, double b) {
    double idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    return idf * tf / (tf + k1 * (1 - b + b * dl / avgdl));
  }

  @Test
  void scoresMatchTheBm25FormulaByHand() {
    float k1 = 0.9f;
    float b = 0.4f;
    try (Bm25Index idx = Bm25Index.builder().analyzer(LexicalAnalyzer.STANDARD).k1(k1).b(b).build(fruit())) {
      List<ScoredDoc> hits = idx.search("apple", 10);
      assertEquals(2, hits.size());
      double avgdl = 9 / 3.0;
      assertEquals("d2", hits.get(0).docId());
      assertEquals(bm25(2, 2, 3, 3, avgdl, k1, b), hits.get(0).score(), TOL);
      assertEquals(bm25(1, 2, 3, 2, avgdl, k1, b), hits.get(1).score(), TOL);
      // two terms: score is the sum over terms
      List<ScoredDoc> two = idx.search("cherry egg", 10);
      assertEquals("d3", two.get(0).docId());
      assertEquals(bm25(1, 2, 3, 4, avgdl, k1, b) + bm25(1, 1, 3, 4, avgdl, k1, b), two.get(0).score(), TOL);
      // a repeated query term counts twice
      assertEquals(2 * hits.get(0).score(), idx.search("apple apple", 1).get(0).score(), TOL);
      assertEquals("bm25(standard,k1=0.9,b=0.4)", idx.id());
    }
  }

  @Test
  void tiesFollowTrecEvalOrderIncludingAtTheCut() {
    List<Document> docs = List.of(new Document("a", "", "x y"), new Document("b", "", "x y"),
        new Document("c", "", "x y"), new Document("d", "", "z"));
    try (Bm25Index idx = Bm25Index.builder().analyzer(LexicalAnalyzer.STANDARD).build(docs)) {
      // Lucene alone would return a, b (index order); trec_eval order keeps the largest ids
      List<ScoredDoc> top2 = idx.search("x", 2);
      assertEquals(List.of("c", "b"), top2.stream().map(ScoredDoc::docId).toList());
      assertEquals(List.of("c", "b", "a"), idx.search("x", 1000).stream().map(ScoredDoc::docId).toList());
    }
  }

  @Test
  void arbitraryTextNeverFailsToParse() {
    try (Bm25Index idx = Bm25Index.builder().build(fruit())) {
      for (String q : new String[] {"AND (apple OR", "C++ \"unclosed", "*", "title:apple~2^3", "",
          "   ", "\\", "[1 TO 5}", "the of and", "!!!", "apple/banana"}) {
        List<ScoredDoc> hits = idx.search(q, 5);
        assertTrue(hits.size() <= 3, q);
      }
      assertEquals(List.of(), idx.search("the of and", 5)); // only stop words: no terms
      assertEquals("d2", idx.search("AND (apple OR", 5).get(0).docId());
    }
  }

  @Test
  void englishAnalyserStemsAndIndexesTitles() {
    List<Document> docs = List.of(new Document("1", "Running shoes", "light and fast"),
        new Document("2", "", "a cooking book"));
    try (Bm25Index idx = Bm25Index.builder().analyzer(LexicalAnalyzer.ENGLISH).build(docs)) {
      assertEquals(List.of("run"), idx.analyze("runs"));
      assertEquals("1", idx.search("runner's run", 5).get(0).docId());
      assertEquals("2", idx.search("cooked books", 5).get(0).docId());
    }
  }

  @Test
  void koreanAnalyserMatchesAcrossParticles() {
    List<Document> docs = List.of(
        new Document("k1", "", "갤럭시 스마트폰은 삼성전자가 만든다."),
        new Document("k2", "", "서울의 날씨는 맑다."),
        new Document("k3", "", "아이폰은 애플이 만든다."));
    try (Bm25Index idx = Bm25Index.builder().analyzer(LexicalAnalyzer.KOREAN).build(docs)) {
      assertEquals("k1", idx.search("갤럭시를 만든 회사는?", 3).get(0).docId());
      assertEquals("k2", idx.search("서울 날씨가 어때", 3).get(0).docId());
      assertTrue(idx.analyze("날씨는").contains("날씨"), idx.analyze("날씨는").toString());
    }
  }

  @Test
  void searchesManyQueriesIntoARunWithEveryQuery() {
    try (Bm25Index idx = Bm25Index.builder().analyzer(LexicalAnalyzer.STANDARD).build(fruit())) {
      Run run = idx.search(List.of(new Query("q1", "banana"), new Query("q2", "zzz")), 1);
      assertEquals(List.of("q1", "q2"), List.copyOf(run.queryIds()));
      assertEquals(1, run.ranked("q1").size());
      assertEquals(0, run.ranked("q2").size());
      assertThrows(IllegalArgumentException.class,
          () -> idx.search(List.of(new Query("q", "a"), new Query("q", "b")), 1));
      assertThrows(IllegalArgumentException.class, () -> idx.search("a", 0));
    }
  }

  @Test
  void validatesParametersAndLifecycle() {
    assertThrows(IllegalArgumentException.class, () -> Bm25Index.builder().k1(-1));
    assertThrows(IllegalArgumentException.class, () -> Bm25Index.builder().b(1.5f));
    assertThrows(IllegalArgumentException.class, () -> Bm25Index.builder().b(Float.NaN));
    assertThrows(IllegalArgumentException.class, () -> Bm25Index.builder().build(
        List.of(new Document("x", "", "a"), new Document("x", "", "b"))));
    Bm25Index idx = Bm25Index.builder().build(fruit());
    idx.close();
    idx.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> idx.search("apple", 1));
    assertEquals("bm25(english,k1=1.2,b=0.75) is closed", e.getMessage());
  }
}

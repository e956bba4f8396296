package dev.embedlab.bakeoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.data.Document;
import dev.embedlab.data.Qrels;
import dev.embedlab.data.Query;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryTagsTest {

  @Test
  void anyHangulMakesKoreanElseLatinShareMakesEnglish() {
    assertEquals("ko", QueryTags.detectLanguage("김장은 언제 하나요"));
    assertEquals("en", QueryTags.detectLanguage("how to brew pour-over coffee"));
    assertEquals("ko", QueryTags.detectLanguage("KTX 서울 부산 시간"), "3 Latin vs 6 Hangul letters");
    assertEquals("ko", QueryTags.detectLanguage("Learning Hangul: 한글"), "any Hangul makes it Korean");
    assertEquals("ko", QueryTags.detectLanguage("Thornton, CO의 호텔"), "mostly Latin, but with Hangul: Korean");
    assertEquals("en", QueryTags.detectLanguage("Thornton, CO hotels"));
    assertEquals("ko", QueryTags.detectLanguage("3만 2,000"), "the one letter is Hangul; digits are not letters");
  }

  @Test
  void textWithoutLettersOrInAnotherScriptIsOther() {
    assertEquals("other", QueryTags.detectLanguage("12,345 — 67"));
    assertEquals("other", QueryTags.detectLanguage("東京の天気"));
    assertEquals("other", QueryTags.detectLanguage(""));
  }

  @Test
  void crossLingualFromTheJudgedDocumentsLanguages() {
    Map<String, String> lang = Map.of("en1", "en", "en2", "en", "ko1", "ko");
    assertEquals(QueryTags.MONOLINGUAL, QueryTags.crossLingual("ko", Map.of("ko1", 2), lang));
    assertEquals(QueryTags.CROSS, QueryTags.crossLingual("ko", Map.of("en1", 2, "en2", 1), lang));
    assertEquals(QueryTags.MIXED, QueryTags.crossLingual("ko", Map.of("ko1", 2, "en1", 1), lang));
    assertEquals(QueryTags.MONOLINGUAL, QueryTags.crossLingual("ko", Map.of("ko1", 2, "en1", 0), lang),
        "a grade-0 judgment is not relevant");
    assertNull(QueryTags.crossLingual("ko", Map.of("missing", 2), lang), "no judged document in the corpus");
  }

  @Test
  void resolveKeepsGivenTagsDetectsTheRestAndAddsCrossLingual() {
    List<Document> docs = List.of(new Document("e", "Coffee", "Pour water slowly"),
        new Document("k", "커피", "물을 천천히 붓는다"));
    List<Query> qs = List.of(new Query("q1", "커피 내리는 법"), new Query("q2", "coffee"), new Query("q3", "coffee brew"));
    Qrels qrels = Qrels.of(Map.of("q1", Map.of("e", 2), "q2", Map.of("e", 2), "q3", Map.of("e", 2, "k", 1)));
    Map<String, Map<String, String>> t = QueryTags.resolve(qs, docs, qrels,
        Map.of("q2", Map.of("domain", "food", "language", "en")));
    assertEquals(Map.of("language", "ko", "cross-lingual", "cross-lingual"), t.get("q1"));
    assertEquals(Map.of("domain", "food", "language", "en", "cross-lingual", "monolingual"), t.get("q2"));
    assertEquals("mixed", t.get("q3").get("cross-lingual"));
  }

  @Test
  void beirMetadataIsReadPerQueryAndBadJsonNamesTheLine(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("queries.jsonl");
    Files.writeString(f, "{\"_id\": \"a\", \"text\": \"x\", \"metadata\": {\"language\": \"ko\", \"n\": 3, "
        + "\"nested\": {\"x\": 1}}}\n\n{\"_id\": \"b\", \"text\": \"y\"}\n");
    Map<String, Map<String, String>> m = QueryTags.readBeirMetadata(f);
    assertEquals(Map.of("a", Map.of("language", "ko", "n", "3")), m);
    Files.writeString(f, "{\"_id\": \"a\"}\nnot json\n");
    IOException e = assertThrows(IOException.class, () -> QueryTags.readBeirMetadata(f));
    assertTrue(e.getMessage().contains("queries.jsonl:2: expected a JSON object per line, found: not json"), e.getMessage());
  }
}

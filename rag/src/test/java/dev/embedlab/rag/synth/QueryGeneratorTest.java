package dev.embedlab.rag.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embedlab.rag.chunk.Passage;
import dev.embedlab.rag.ingest.IngestResult;
import dev.embedlab.rag.llm.ChatModel;
import dev.embedlab.rag.llm.Prompts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryGeneratorTest {

  /** A chat model scripted by the passage it is asked about. */
  record Scripted(Function<String, ChatModel.Answer> f) implements ChatModel {
    @Override public Answer chat(List<Message> messages, boolean json) {
      String user = messages.get(messages.size() - 1).content();
      String passage = user.substring(user.indexOf("\"\"\"\n") + 4, user.lastIndexOf("\n\"\"\""));
      return f.apply(passage);
    }
    @Override public String model() { return "scripted"; }
    @Override public double temperature() { return 0; }
  }

  private static ChatModel.Answer ok(String json) {
    return new ChatModel.Answer(json, null, "stop", 10, 5, false);
  }

  private static Passage p(String id, String text) {
    return new Passage(id, "t", text, "f", 1, 0, text.length());
  }

  @Test
  void everyFilterRejectsWithItsReason() {
    List<Passage> ps = List.of(
        p("good", "The Hubble telescope was launched in 1990 aboard the space shuttle Discovery from Florida."),
        p("dup", "Hubble went into orbit in April 1990 after years of delay caused by the Challenger accident."),
        p("leak", "Its primary mirror is 2.4 meters across and was ground with a small spherical aberration flaw."),
        p("unans", "Table of contents, figures and appendices follow on the next pages of this long document."),
        p("refuse", "Some passage about a topic the fake model refuses to write questions about for this test."),
        p("bad", "A passage whose answer from the fake model is not JSON at all, to test the malformed filter."),
        p("ko", "경주는 신라의 천년 고도로 불국사와 석굴암이 있는 도시이며 매년 많은 관광객이 찾아온다. 봄에는 벚꽃이 피고 가을에는 단풍이 아름답다."),
        p("koEn", "부산은 대한민국 제2의 도시로 해운대 해수욕장과 자갈치 시장으로 유명한 항구 도시이다. 여름마다 바다 축제가 열리고 영화제도 유명하다."));
    Map<String, ChatModel.Answer> script = Map.of(
        "good", ok("{\"question\": \"When was Hubble launched?\", \"answerable\": true}"),
        "dup", ok("{\"question\": \"when was hubble launched\", \"answerable\": true}"),
        "leak", ok("{\"question\": \"Its primary mirror is 2.4 meters across and was ground with what?\", \"answerable\": true}"),
        "unans", ok("{\"question\": \"What is in the appendix?\", \"answerable\": false}"),
        "refuse", new ChatModel.Answer(null, "I can't help with that.", "stop", 10, 0, false),
        "bad", ok("Here is a question: what?"),
        "ko", ok("{\"question\": \"불국사가 있는 신라의 옛 수도는 어디인가요?\", \"answerable\": true}"),
        "koEn", ok("{\"question\": \"Which beach is Busan famous for?\", \"answerable\": true}"));
    ChatModel chat = new Scripted(passage -> script.get(ps.stream().filter(x -> x.text().equals(passage)).findFirst().orElseThrow().id()));
    List<QueryGenerator.AuditRecord> audit = new ArrayList<>();
    GeneratedSet set = new QueryGenerator(chat, 100, 42, 20, 8, 0.8).generate(ps, audit::add);
    List<String> kept = set.queries().stream().map(GeneratedSet.Query::passageId).sorted().toList();
    // "good" and "dup" ask the same question: whichever the seeded order meets first is kept
    assertTrue(kept.equals(List.of("good", "ko")) || kept.equals(List.of("dup", "ko")), kept + " " + set.rejected());
    Map<String, String> why = new java.util.HashMap<>();
    set.rejected().forEach(r -> why.put(r.passageId(), r.reason()));
    String second = kept.contains("good") ? "dup" : "good";
    assertTrue(why.get(second).startsWith("duplicate of q"), why.toString());
    assertTrue(why.get("leak").startsWith("leaks the passage"), why.toString());
    assertEquals("unanswerable", why.get("unans"));
    assertEquals("refused", why.get("refuse"));
    assertTrue(why.get("bad").startsWith("malformed"), why.toString());
    assertTrue(why.get("koEn").startsWith("wrong language"), why.toString());
    assertEquals(8, audit.size(), "every answer is kept for audit");
    assertTrue(set.queries().stream().filter(q -> q.passageId().equals("ko")).allMatch(GeneratedSet.Query::korean));
  }

  @Test
  void theSameSeedAsksAboutTheSamePassagesAndKoreanPassagesGetKoreanPrompts() {
    List<Passage> ps = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      ps.add(p("p" + i, (i % 2 == 0 ? "한국어 문단 번호 " : "English passage number ") + i + " ".repeat(1)
          + "with enough words to pass the minimum length filter of eighty characters in total."));
    }
    List<String> prompts = new ArrayList<>();
    ChatModel chat = new ChatModel() {
      @Override public Answer chat(List<Message> messages, boolean json) {
        String u = messages.get(1).content();
        prompts.add(u);
        int n = prompts.size();
        return ok("{\"question\": \"" + (Prompts.isKorean(u.substring(u.indexOf("\"\"\""))) ? "질문 " : "question ") + n
            + "\", \"answerable\": true}");
      }
      @Override public String model() { return "m"; }
      @Override public double temperature() { return 0; }
    };
    GeneratedSet a = new QueryGenerator(chat, 5, 7).generate(ps, r -> { });
    GeneratedSet b = new QueryGenerator(chat, 5, 7).generate(ps, r -> { });
    assertEquals(a.queries().stream().map(GeneratedSet.Query::passageId).toList(),
        b.queries().stream().map(GeneratedSet.Query::passageId).toList());
    assertEquals(5, a.queries().size());
    for (String u : prompts) {
      boolean koPassage = u.contains("한국어 문단");
      assertEquals(koPassage, u.startsWith("다음 문단을 읽고"), "the prompt's language follows the passage's");
    }
  }

  @Test
  void theSetIsWrittenAsABeirFolderMarkedSynthetic(@TempDir Path dir) throws Exception {
    List<Passage> ps = List.of(p("a#0-90", "The Hubble telescope was launched in 1990 aboard the space shuttle Discovery ok."));
    GeneratedSet set = new GeneratedSet(List.of(new GeneratedSet.Query("q1", "When was Hubble launched?", "a#0-90", false)),
        List.of(), "m", 0.0, 1, 0, 100, 20);
    BeirWriter.write(dir, new IngestResult(List.of(), List.of(new IngestResult.Skipped("x.pdf", "encrypted"))),
        dev.embedlab.core.retrieval.Provenance.of("sentence-chunker", Map.of("maxChars", 500)), ps, set, 42, List.of());
    ObjectMapper json = new ObjectMapper();
    var q = json.readTree(Files.readAllLines(dir.resolve("queries.jsonl")).get(0));
    assertTrue(q.path("metadata").path("synthetic").asBoolean());
    assertEquals("query-id\tcorpus-id\tscore", Files.readAllLines(dir.resolve("qrels/test.tsv")).get(0));
    assertEquals("q1\ta#0-90\t1", Files.readAllLines(dir.resolve("qrels/test.tsv")).get(1));
    var d = json.readTree(dir.resolve(BeirWriter.DESCRIPTION).toFile());
    assertTrue(d.path("synthetic").asBoolean());
    assertEquals("encrypted", d.path("skipped").get(0).path("reason").asText());
    assertEquals("sentence-chunker{maxChars=500}", d.path("chunking").asText());
    var c = json.readTree(Files.readAllLines(dir.resolve("corpus.jsonl")).get(0));
    assertEquals(1, c.path("metadata").path("page").asInt());
  }
}

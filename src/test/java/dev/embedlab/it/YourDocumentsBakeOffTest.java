package dev.embedlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embedlab.bakeoff.cli.BakeOffMain;
import dev.embedlab.testing.FakeChatServer;
import dev.embedlab.rag.Fixtures;
import dev.embedlab.rag.PrepareCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof of issue 21: a folder of mixed files (PDF, DOCX, HTML, Markdown, text; Korean and English;
 * an encrypted and a broken PDF) → {@code prepare} with a loopback chat model → a synthetic BEIR set →
 * the bake-off through its command line with BM25 and a shipped model → one report with the RAGAS
 * context metrics and the synthetic marker at the top. Prints each step's time.
 */
class YourDocumentsBakeOffTest {
  static final String KEY = "sk-test-chat";

  /**
   * The fake model's question: about the passage's two longest words, in the passage's language
   * (the Korean prompt template starts with "다음 문단").
   */
  static String question(String user) {
    String passage = user.substring(user.indexOf("\"\"\"\n") + 4);
    boolean ko = user.startsWith("다음 문단");
    String[] words = passage.replaceAll("[^\\p{L}\\p{N}\\s]", " ").strip().split("\\s+");
    String[] longest = Stream.of(words).sorted(Comparator.comparingInt(String::length).reversed()).limit(2)
        .toArray(String[]::new);
    String topic = String.join(" ", longest);
    return "{\"question\": \"" + (ko ? topic + "에 대해 무엇을 알 수 있나요?" : "What does it say about " + topic + "?")
        + "\", \"answerable\": true}";
  }

  /** More Korean and English pages beside rag's fixture folder, so a handful of questions survive. */
  static void moreFiles(Path docs) throws java.io.IOException {
    Fixtures.pdf(docs.resolve("solar.pdf"), java.util.List.of(
        "Solar panels convert sunlight into electricity using photovoltaic cells made of silicon.",
        "Battery storage lets households keep solar electricity for use after sunset."), null);
    try (org.apache.poi.xwpf.usermodel.XWPFDocument d = new org.apache.poi.xwpf.usermodel.XWPFDocument();
        java.io.OutputStream out = Files.newOutputStream(docs.resolve("busan.docx"))) {
      d.createParagraph().createRun().setText("부산은 대한민국 제2의 도시이며 해운대 해수욕장으로 유명하다.");
      d.createParagraph().createRun().setText("부산항은 대한민국에서 가장 큰 컨테이너 항구이다.");
      d.write(out);
    }
    Files.writeString(docs.resolve("jeju.html"), "<html><body><p>제주도는 한라산과 올레길로 알려진 화산섬입니다.</p>"
        + "<p>Jeju Island has a mild climate and famous tangerine orchards.</p></body></html>", StandardCharsets.UTF_8);
    Files.writeString(docs.resolve("coffee.md"), "# Coffee\n\nEspresso is brewed by forcing hot water through finely "
        + "ground coffee beans.\n\nCold brew steeps coarse grounds in cold water for twelve hours.\n", StandardCharsets.UTF_8);
  }

  static String[] run(boolean prepare, String[] args, Map<String, String> env) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(o, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(e, true, StandardCharsets.UTF_8);
    int code = prepare ? PrepareCommand.run(args, env, out, err) : BakeOffMain.run(args, env, out, err);
    return new String[] {Integer.toString(code), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
  }

  @Test
  void mixedFilesToSyntheticQuestionsToOneBakeOffReportWithRagMetrics(@TempDir Path tmp) throws Exception {
    long t0 = System.nanoTime();
    Path docs = Fixtures.mixedFolder(tmp.resolve("docs"));
    moreFiles(docs);
    long t1 = System.nanoTime();
    Path set = tmp.resolve("set");
    Map<String, String> env = Map.of("OPENAI_API_KEY", KEY);
    String[] prepared;
    try (FakeChatServer chat = new FakeChatServer(KEY, YourDocumentsBakeOffTest::question)) {
      prepared = run(true, new String[] {"--docs", docs.toString(), "--out", set.toString(), "--chunk", "sentence:200:0",
          "--queries", "6", "--chat-url", chat.baseUrl(), "--chat-model", "gpt-4o-mini", "--temperature", "0",
          "--seed", "7", "--price-in", "0.15", "--price-out", "0.60"}, env);
      assertTrue(chat.problems().isEmpty(), chat.problems().toString());
    }
    long t2 = System.nanoTime();
    assertEquals("0", prepared[0], prepared[1] + prepared[2]);
    assertTrue(prepared[1].contains("skipped secret.pdf: encrypted"), prepared[1]);
    long queries = Files.readAllLines(set.resolve("queries.jsonl")).size();
    assertTrue(queries >= 4, "enough questions survive the filters: " + queries + "\n" + prepared[1]);
    String queriesText = Files.readString(set.resolve("queries.jsonl"));
    assertTrue(queriesText.contains("\"lang\":\"ko\"") && queriesText.contains("\"lang\":\"en\""),
        "Korean and English questions: " + queriesText);

    Path reports = tmp.resolve("reports");
    String[] baked = run(false, new String[] {"--beir", set.toString(), "--models", "all-minilm-l6-v2-q", "--out",
        reports.toString(), "--latency", "3", "--no-truncation-probe", "--quiet", "--rag-k", "3"}, env);
    long t3 = System.nanoTime();
    assertEquals("0", baked[0], baked[1] + baked[2]);
    assertTrue(baked[1].startsWith("SYNTHETIC SET: synthetic evaluation set: " + queries + " questions generated by "
        + "gpt-4o-mini (temperature 0.0, seed 7"), baked[1]);
    Path dir;
    try (Stream<Path> s = Files.list(reports)) {
      dir = s.filter(Files::isDirectory).findFirst().orElseThrow();
    }
    JsonNode r = new ObjectMapper().readTree(dir.resolve("bakeoff.json").toFile());
    JsonNode syn = r.get("synthetic");
    assertEquals("gpt-4o-mini", syn.get("generator").asText());
    assertEquals(7, syn.get("seed").asLong());
    assertEquals("sentence-chunker{maxChars=200,overlapSentences=0}", syn.get("chunking").asText());
    int withRag = 0;
    for (JsonNode c : r.get("candidates")) {
      JsonNode rag = c.get("rag");
      assertEquals(3, rag.get("k").asInt(), c.get("name").asText());
      assertEquals(queries, rag.get("queries").asLong(), "every synthetic question has its passage judged");
      double recall = rag.get("contextRecall").asDouble();
      assertTrue(recall >= 0 && recall <= 1, c.toString());
      assertTrue(c.get("cost").isNull(), "BM25 and a shipped model cost nothing");
      withRag++;
    }
    assertEquals(3, withRag, "all-minilm-l6-v2-q, bm25 and the hybrid");
    String md = Files.readString(dir.resolve("bakeoff.md"));
    assertTrue(md.indexOf("> **Synthetic set:**") < md.indexOf("| Candidate"), "the marker comes first: " + md);
    assertTrue(md.contains("## RAG context metrics (RAGAS, ID-based, top 3)"), md);
    String html = Files.readString(dir.resolve("bakeoff.html"));
    assertTrue(html.contains("<b>Synthetic set:</b>") && html.contains("RAG context metrics"), "html");
    assertFalse(baked[1].contains("not stored"), "no paid API, no store hint");

    System.out.printf("issue 21 proof: write the folder %.2f s, prepare (ingest + chunk + %d questions from the fake chat"
        + " model) %.2f s, bake-off (all-minilm-l6-v2-q + BM25 + hybrid, reports) %.2f s%n", (t1 - t0) / 1e9, queries,
        (t2 - t1) / 1e9, (t3 - t2) / 1e9);
    System.out.println("---- prepare\n" + prepared[1] + "---- bake-off\n" + baked[1]);
    Files.writeString(Path.of("target/issue21.md"), md);
  }
}

package dev.embedlab.rag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embedlab.testing.FakeChatServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrepareCommandTest {

  /** The fake model asks about the first words of the passage, in the passage's language. */
  static String question(String user) {
    String passage = user.substring(user.indexOf("\"\"\"\n") + 4);
    boolean ko = user.startsWith("다음 문단");
    String head = passage.split("\\s+")[0].replaceAll("[^\\p{L}\\p{N}]", "");
    return "{\"question\": \"" + (ko ? head + "에 대해 무엇을 알 수 있나요?" : "What does the text say about " + head + "?")
        + "\", \"answerable\": true}";
  }

  @Test
  void aFolderOfMixedFilesBecomesASyntheticBeirSetAndASecondRunCallsNothing(@TempDir Path tmp) throws Exception {
    Path docs = Fixtures.mixedFolder(tmp.resolve("docs"));
    Path out = tmp.resolve("set");
    try (FakeChatServer s = new FakeChatServer("sk-x", PrepareCommandTest::question)) {
      String[] args = {"--docs", docs.toString(), "--out", out.toString(), "--chunk", "sentence:200:0", "--queries", "3",
          "--chat-url", s.baseUrl(), "--chat-model", "gpt-4o-mini", "--price-in", "0.15", "--price-out", "0.60"};
      ByteArrayOutputStream o = new ByteArrayOutputStream();
      ByteArrayOutputStream e = new ByteArrayOutputStream();
      int code = PrepareCommand.run(args, Map.of("OPENAI_API_KEY", "sk-x"), new PrintStream(o, true, StandardCharsets.UTF_8),
          new PrintStream(e, true, StandardCharsets.UTF_8));
      String text = o.toString(StandardCharsets.UTF_8);
      assertEquals(0, code, text + e.toString(StandardCharsets.UTF_8));
      assertTrue(text.contains("skipped secret.pdf: encrypted"), text);
      assertTrue(text.contains("skipped logo.png: unsupported type image/png"), text);
      assertTrue(text.contains("generated 3 synthetic questions with gpt-4o-mini"), text);
      assertTrue(text.contains("cost: $0.0001"), text);
      int calls = s.requests().size();
      assertEquals(3, Files.readAllLines(out.resolve("queries.jsonl")).size());
      var d = new ObjectMapper().readTree(out.resolve("embedlab-dataset.json").toFile());
      assertTrue(d.path("synthetic").asBoolean());
      assertEquals("sentence-chunker{maxChars=200,overlapSentences=0}", d.path("chunking").asText());
      ByteArrayOutputStream o2 = new ByteArrayOutputStream();
      assertEquals(0, PrepareCommand.run(args, Map.of("OPENAI_API_KEY", "sk-x"), new PrintStream(o2, true, StandardCharsets.UTF_8), System.err));
      assertEquals(calls, s.requests().size(), "the second run is answered from the cache");
      assertTrue(o2.toString(StandardCharsets.UTF_8).contains("0 calls, " + calls + " from cache"), o2.toString(StandardCharsets.UTF_8));
      assertEquals(Files.readString(out.resolve("queries.jsonl")), Files.readString(out.resolve("queries.jsonl")));
    }
  }

  @Test
  void usageMistakesExitTwoWithOneLine(@TempDir Path tmp) {
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(e, true, StandardCharsets.UTF_8);
    PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertEquals(2, PrepareCommand.run(new String[] {"--docs", tmp.toString()}, Map.of(), o, err));
    assertEquals(2, PrepareCommand.run(new String[] {"--docs", tmp.toString(), "--out", "x", "--chunk", "lines:3"}, Map.of(), o, err));
    assertEquals(2, PrepareCommand.run(new String[] {"--docs", tmp.resolve("nope").toString(), "--out", "x"}, Map.of(), o, err));
    String msgs = e.toString(StandardCharsets.UTF_8);
    assertTrue(msgs.contains("--docs DIR and --out DIR are required"), msgs);
    assertTrue(msgs.contains("--chunk 'lines:3': expected sentence:MAXCHARS:OVERLAP"), msgs);
    assertTrue(msgs.contains("it does not exist"), msgs);
  }
}

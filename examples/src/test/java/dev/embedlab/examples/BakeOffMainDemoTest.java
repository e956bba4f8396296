package dev.embedlab.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bake-off CLI end to end on the bundled demo set with the int8 MiniLM and BM25 (seconds):
 * slices by the demo's tags, BM25 with Nori beating the English model on Korean queries, the
 * recommendation, and reports in a new timestamped folder per run.
 */
class BakeOffMainDemoTest {

  @Test
  void demoWithMiniLmAndBm25(@TempDir Path out) throws Exception {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] args = {"--models", "all-minilm-l6-v2-q", "--no-hybrid", "--latency", "3", "--quiet",
        "--out", out.toString()};
    int code = BakeOffMain.run(args, new PrintStream(console, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String text = console.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    assertTrue(text.startsWith("bake-off: 2 candidates (1 dense model, 1 baseline) on embedlab-demo/test "
        + "(40 documents, 31 queries)"), text);
    assertTrue(text.contains("p from the single comparison"), text);
    assertTrue(text.contains("language=ko                       14"), text);
    assertTrue(text.contains("cross-lingual=mixed                6"), text);
    assertTrue(text.contains("Slices disagree on language"), text);

    List<Path> runs;
    try (Stream<Path> s = Files.list(out)) {
      runs = s.toList();
    }
    assertEquals(1, runs.size());
    assertTrue(runs.get(0).getFileName().toString().matches("\\d{8}-\\d{6}"), runs.toString());
    assertTrue(text.contains("reports written to " + runs.get(0).toAbsolutePath()), text);
    JsonNode root = new ObjectMapper().readTree(runs.get(0).resolve("bakeoff.json").toFile());
    JsonNode ko = null;
    for (JsonNode s : root.get("slices")) {
      if (s.get("dimension").asText().equals("language") && s.get("value").asText().equals("ko")) {
        ko = s;
      }
    }
    assertTrue(ko != null && ko.get("queries").asInt() == 14 && ko.get("source").asText().equals("data set"),
        String.valueOf(ko));
    double bm25 = ko.get("means").get("bm25-nori").get("nDCG@10").asDouble();
    double minilm = ko.get("means").get("all-minilm-l6-v2-q").get("nDCG@10").asDouble();
    assertTrue(bm25 > minilm + 0.3, "Nori BM25 far ahead on Korean queries: " + bm25 + " vs " + minilm);
    JsonNode c = root.get("candidates").get(1);
    assertEquals("bm25-nori", c.get("name").asText());
    assertTrue(c.get("indexBytes").asLong() > 0);
    assertTrue(root.get("recommendation").get("pareto").size() >= 1);
    assertTrue(Files.readString(runs.get(0).resolve("bakeoff.md")).contains("## Slices"));
    assertTrue(Files.readString(runs.get(0).resolve("bakeoff.html")).contains("nDCG@10 per slice"));

    // a second run in the same second gets its own folder: nothing is overwritten
    java.time.Instant started = java.time.Instant.parse("2026-01-02T03:04:05Z");
    Path a = BakeOffMain.reportFolder(out, started);
    Path b = BakeOffMain.reportFolder(out, started);
    assertEquals("20260102-030405", a.getFileName().toString());
    assertEquals("20260102-030405-2", b.getFileName().toString());
  }

  @Test
  void anOnnxModelFolderIsACandidate(@TempDir Path tmp) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("mini"));
    dev.embedlab.models.KnownModel m = dev.embedlab.models.KnownModel.ALL_MINILM_L6_V2_Q;
    for (String[] f : new String[][] {{m.modelResource(), "model.onnx"}, {m.tokenizerResource(), "tokenizer.json"}}) {
      try (java.io.InputStream in = getClass().getClassLoader().getResourceAsStream(f[0])) {
        Files.copy(in, dir.resolve(f[1]));
      }
    }
    Files.writeString(dir.resolve("sentence_bert_config.json"), "{\"max_seq_length\": 256}");
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = BakeOffMain.run(new String[] {"--models", "all-minilm-l6-v2-q", "--model-dir", "mine=" + dir,
        "--no-bm25", "--latency", "0", "--quiet", "--out", tmp.resolve("out").toString()},
        new PrintStream(console, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    String text = console.toString(StandardCharsets.UTF_8);
    assertTrue(text.startsWith("bake-off: 2 candidates (2 dense models, 0 baselines)"), text);
    java.util.regex.Matcher a = java.util.regex.Pattern.compile("(?m)^all-minilm-l6-v2-q\\s+((?:\\S+\\s+){7})").matcher(text);
    java.util.regex.Matcher b = java.util.regex.Pattern.compile("(?m)^mine\\s+((?:\\S+\\s+){7})").matcher(text);
    assertTrue(a.find() && b.find(), text);
    assertEquals(a.group(1).trim(), b.group(1).trim(), "the same graph and tokenizer from a folder give the same metrics");
  }
}

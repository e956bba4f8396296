package dev.embedlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embedlab.bakeoff.BakeOffResult;
import dev.embedlab.bakeoff.CandidateResult;
import dev.embedlab.bakeoff.report.BakeOffJson;
import dev.embedlab.data.RetrievalDataset;
import dev.embedlab.bakeoff.cli.BakeOffMain;
import dev.embedlab.bakeoff.cli.BakeOffOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on a real model: the README's main command, {@code BakeOffMain}, with the int8
 * all-MiniLM-L6-v2 (fast) on the bundled Korean/English demo set. Runs offline in seconds.
 */
class BakeOffMainTest {

  /**
   * A uniformly random ranking of the 40 demo documents has expected nDCG@10 of about 0.11 for a
   * query with one relevant document ((1/40)·Σ_{r≤10} 1/log2(r+1)); 0.4 is far above chance and
   * below what the model reaches (≈0.63 when written).
   */
  private static final double FAR_ABOVE_RANDOM = 0.4;

  @Test
  void demoBakeOffWritesSaneJsonMarkdownAndHtml(@TempDir Path tmp) throws Exception {
    Path out = tmp;
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    BakeOffResult r = BakeOffMain.bakeOff(BakeOffOptions.parse(new String[] {"--models", "all-minilm-l6-v2-q",
        "--no-bm25", "--out", out.toString(), "--latency", "5", "--quiet"}),
        new PrintStream(console, true, StandardCharsets.UTF_8), System.err);
    Path parent = out;
    try (java.util.stream.Stream<Path> s = Files.list(parent)) {
      out = s.findFirst().orElseThrow(); // each run writes a new timestamped folder
    }

    RetrievalDataset demo = BakeOffMain.demo();
    assertEquals("embedlab-demo/test", r.dataset().id());
    assertEquals(40, demo.corpus().size());
    assertEquals(31, demo.queries().size());
    CandidateResult c = r.candidates().get(0);
    assertEquals("all-minilm-l6-v2-q", c.name());
    double ndcg = c.quality().mean("nDCG@10");
    assertTrue(ndcg > FAR_ABOVE_RANDOM, "nDCG@10 far above a random ranking; got " + ndcg);
    assertTrue(ndcg <= 1.0);
    double r1 = c.quality().mean("Recall@1");
    double r10 = c.quality().mean("Recall@10");
    assertTrue(r1 <= c.quality().mean("Recall@5") && c.quality().mean("Recall@5") <= r10, "recall grows with k");
    assertEquals(384, c.footprint().dimension());
    assertEquals(1536, c.footprint().bytesPerVector());
    assertTrue(c.footprint().truncatedTexts() >= 0, "OnnxEmbedder reports truncation");
    assertTrue(c.timing().docsPerSecond() > 0 && c.latency().samples() == 5);
    assertEquals(64, c.info().sha256().length(), "model file hash in provenance");

    Path json = out.resolve("bakeoff.json");
    JsonNode root = new ObjectMapper().readTree(json.toFile());
    assertEquals("embedlab.bakeoff/1", root.get("schema").asText());
    assertEquals(ndcg, root.get("candidates").get(0).get("metrics").get("nDCG@10").asDouble(), 0.0);
    assertEquals(31, root.get("candidates").get(0).get("perQuery").get("values").size());
    assertEquals(Files.readString(json), BakeOffJson.toJson(BakeOffJson.read(json)));

    String md = Files.readString(out.resolve("bakeoff.md"));
    assertTrue(md.contains("**all-minilm-l6-v2-q** (best)"), md);
    assertTrue(md.contains("Apache-2.0"), "demo licence in provenance");
    String html = Files.readString(out.resolve("bakeoff.html"));
    assertTrue(html.contains("<svg ") && !html.contains("<script"), "self-contained page with charts");
    String table = console.toString(StandardCharsets.UTF_8);
    assertTrue(table.contains("best on nDCG@10: all-minilm-l6-v2-q (1 candidate; p none (one candidate: nothing to compare))"),
        table);
  }

  @Test
  void unknownModelIsAnErrorNamingTheChoices(@TempDir Path out) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = BakeOffMain.run(new String[] {"--models", "gpt-9", "--out", out.toString(), "--quiet"}, System.out,
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, code);
    String e = err.toString(StandardCharsets.UTF_8);
    assertTrue(e.startsWith("bake-off: --models gpt-9: unknown model \"gpt-9\"; known: [all-minilm-l6-v2"), e);
    assertFalse(Files.exists(out.resolve("bakeoff.json")));
  }
}

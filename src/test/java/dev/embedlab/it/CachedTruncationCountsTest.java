package dev.embedlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embedlab.models.hub.LoopbackHub;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model from the Hub behind {@code --cache} reports the same cut documents when every vector comes
 * from the cache: cache hits never run the model, so the cut texts are counted by its tokenizer
 * ({@code TokenCounting}), as for a shipped model. Before, the second run reported none.
 */
class CachedTruncationCountsTest {
  @Test
  void aHubModelCountsItsCutDocumentsOnCacheHitsToo(@TempDir Path tmp) throws Exception {
    Path set = CompareConsideredModelsTest.beir(tmp.resolve("set"));
    String hf = CompareConsideredModelsTest.HF;
    String[] args = {"--beir", set.toString(), "--models", hf, "--no-bm25", "--cache", tmp.resolve("vectors").toString(),
        "--out", tmp.resolve("reports").toString(), "--latency", "3", "--no-truncation-probe", "--quiet"};
    try (LoopbackHub hub = new LoopbackHub()) {
      // max_seq_length 8: every document reaches it (a tokenizer count of exactly 8 counts as cut: an upper bound)
      hub.publishTinyBert("org/tiny-bert", tmp.resolve("gen"),
          Map.of("sentence_bert_config.json", "{\"max_seq_length\": 8}".getBytes(StandardCharsets.UTF_8)));
      Map<String, String> env = Map.of("HF_ENDPOINT", hub.endpoint(), "HF_HOME", tmp.resolve("hf-home").toString());
      long[] cut = new long[2];
      for (int run = 0; run < 2; run++) {
        CompareConsideredModelsTest.Ran r = CompareConsideredModelsTest.bakeOff(args, env, tmp.resolve("reports"));
        assertEquals(0, r.code(), r.out() + r.err());
        JsonNode c = CompareConsideredModelsTest.candidate(
            new ObjectMapper().readTree(r.reports().resolve("bakeoff.json").toFile()), hf);
        cut[run] = c.get("truncatedDocuments").asLong();
        assertTrue(c.get("properties").path("truncation").asText().startsWith("counted by a tokenizer pass"), c.toString());
      }
      assertEquals(CompareConsideredModelsTest.DOCS.size(), cut[0], "the first run embeds and counts every cut document");
      assertEquals(cut[0], cut[1], "the second run reads every vector from the cache and still counts them");
    }
  }
}

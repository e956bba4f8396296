package dev.embedlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embedlab.bakeoff.cli.BakeOffMain;
import dev.embedlab.models.hub.LoopbackHub;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof of issue 17: ONE bake-off through the command line compares an {@code hf:} model served by a
 * loopback Hub, an {@code openai:} and a {@code cohere:} candidate (loopback fakes with usage tokens)
 * and a shipped model, with cost columns; a second run with the Hub stopped and
 * {@code HF_HUB_OFFLINE=1} resolves the {@code hf:} model from the {@code huggingface_hub}-layout
 * cache and reuses the API vectors from the store, so the API costs nothing.
 */
class CompareConsideredModelsTest {
  static final String OPENAI = "openai:text-embedding-3-small?dimensions=64";
  static final String COHERE = "cohere:embed-multilingual-v3.0";
  static final String HF = "hf:org/tiny-bert";
  static final String SHIPPED = "all-minilm-l6-v2-q";

  static final List<String> DOCS = List.of(
      "The Hubble telescope was launched in 1990 aboard the space shuttle Discovery.",
      "Its primary mirror is 2.4 meters across and was ground with a small flaw.",
      "Seoul is the capital of South Korea and home to about 9.4 million people.",
      "The Han river flows through Seoul from east to west.",
      "Gyeongju was the capital of the Silla kingdom for a thousand years.",
      "Version 2 of the search service adds hybrid search with BM25 and vectors.",
      "Version 3 adds reranking with a cross-encoder model.",
      "Coffee beans are roasted to develop flavour and aroma.",
      "A marathon is 42.195 kilometres long.",
      "Photosynthesis turns light, water and carbon dioxide into sugar and oxygen.");
  static final List<String[]> QUERIES = List.of(
      new String[] {"q1", "when was the hubble telescope launched", "d0"},
      new String[] {"q2", "what is the capital of south korea", "d2"},
      new String[] {"q3", "which version adds reranking", "d6"},
      new String[] {"q4", "how long is a marathon", "d8"},
      new String[] {"q5", "what does photosynthesis produce", "d9"});

  /** A BEIR folder with the corpus, queries and qrels above. */
  static Path beir(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("qrels"));
    StringBuilder c = new StringBuilder();
    for (int i = 0; i < DOCS.size(); i++) {
      c.append("{\"_id\": \"d").append(i).append("\", \"title\": \"\", \"text\": \"").append(DOCS.get(i)).append("\"}\n");
    }
    StringBuilder q = new StringBuilder();
    StringBuilder r = new StringBuilder("query-id\tcorpus-id\tscore\n");
    for (String[] x : QUERIES) {
      q.append("{\"_id\": \"").append(x[0]).append("\", \"text\": \"").append(x[1]).append("\"}\n");
      r.append(x[0]).append('\t').append(x[2]).append("\t1\n");
    }
    Files.writeString(dir.resolve("corpus.jsonl"), c, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("queries.jsonl"), q, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("qrels/test.tsv"), r, StandardCharsets.UTF_8);
    return dir;
  }

  record Ran(int code, String out, String err, Path reports) {}

  static Ran bakeOff(String[] args, Map<String, String> env, Path reports) throws IOException {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code = BakeOffMain.run(args, env, new PrintStream(o, true, StandardCharsets.UTF_8),
        new PrintStream(e, true, StandardCharsets.UTF_8));
    Path newest;
    try (Stream<Path> s = Files.exists(reports) ? Files.list(reports) : Stream.empty()) {
      newest = s.filter(Files::isDirectory).max(Path::compareTo).orElse(null);
    }
    return new Ran(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8), newest);
  }

  static JsonNode candidate(JsonNode report, String name) {
    for (JsonNode c : report.get("candidates")) {
      if (c.get("name").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no candidate " + name + " in the report");
  }

  @Test
  void oneBakeOffComparesHubApiAndShippedModelsWithCostThenRerunsOfflineForFree(@TempDir Path tmp) throws Exception {
    Path set = beir(tmp.resolve("set"));
    Path hfHome = tmp.resolve("hf-home");
    Path cache = tmp.resolve("vectors");
    String[] args = {"--beir", set.toString(), "--models", String.join(",", HF, OPENAI, COHERE, SHIPPED),
        "--cache", cache.toString(), "--out", tmp.resolve("reports").toString(), "--latency", "3",
        "--no-truncation-probe", "--quiet"};
    try (FakeEmbeddingApis apis = new FakeEmbeddingApis(); LoopbackHub hub = new LoopbackHub()) {
      String commit = hub.publishTinyBert("org/tiny-bert", tmp.resolve("gen"));
      Map<String, String> env = new HashMap<>();
      env.put("OPENAI_API_KEY", FakeEmbeddingApis.OPENAI_KEY);
      env.put("OPENAI_BASE_URL", apis.base() + "/v1");
      env.put("COHERE_API_KEY", FakeEmbeddingApis.COHERE_KEY);
      env.put("COHERE_BASE_URL", apis.base());
      env.put("HF_ENDPOINT", hub.endpoint());
      env.put("HF_HOME", hfHome.toString());

      long t0 = System.nanoTime();
      Ran first = bakeOff(args, env, tmp.resolve("reports"));
      double firstSeconds = (System.nanoTime() - t0) / 1e9;
      assertEquals(0, first.code(), first.out() + first.err());
      assertTrue(apis.problems.isEmpty(), apis.problems.toString());
      JsonNode r1 = FakeEmbeddingApis.JSON.readTree(first.reports().resolve("bakeoff.json").toFile());
      long billed = apis.tokens.get();
      long corpusWords = DOCS.stream().mapToLong(d -> FakeEmbeddingApis.words(d).length).sum();
      long queryWords = QUERIES.stream().mapToLong(q -> FakeEmbeddingApis.words(q[1]).length).sum();
      for (String api : List.of(OPENAI, COHERE)) {
        JsonNode cost = candidate(r1, api).get("cost");
        assertEquals(corpusWords, cost.get("corpusTokens").asLong(), api + ": the corpus is billed once, word by word");
        assertEquals(queryWords, cost.get("queryTokens").asLong(), api);
        assertEquals(DOCS.size(), cost.get("documentsSent").asInt(), api);
        assertTrue(cost.get("tokensMeasured").asBoolean(), api);
        assertTrue(cost.get("corpusUsd").asDouble() > 0, api);
        assertEquals("2026-12-07", cost.get("priceDate").asText(), api);
        double price = api.startsWith("openai") ? 0.02 : 0.10;
        assertEquals(corpusWords / 1e6 * price, cost.get("corpusUsd").asDouble(), 1e-12, api);
        assertEquals((double) corpusWords / DOCS.size() * price, cost.get("usdPerMillionDocuments").asDouble(), 1e-9, api);
      }
      JsonNode hf = candidate(r1, HF);
      assertTrue(hf.get("cost").isNull(), "a local model has no API cost");
      assertTrue(candidate(r1, SHIPPED).get("cost").isNull());
      assertEquals(commit, hf.get("properties").path("commit").asText(), "the report records the Hub commit: " + hf);
      assertEquals("false", hf.get("properties").path("fromCacheOnly").asText());
      for (JsonNode c : r1.get("candidates")) {
        assertEquals(5, c.get("rag").get("k").asInt(), c.get("name").asText());
      }
      String md1 = Files.readString(first.reports().resolve("bakeoff.md"));
      assertTrue(md1.contains("## Cost") && md1.contains("local model: no API cost") && md1.contains("USD per 1M docs"), md1);
      assertTrue(md1.contains("fusion: the cost is its components' (bm25-english + " + OPENAI + ")"), md1);
      String html1 = Files.readString(first.reports().resolve("bakeoff.html"));
      assertTrue(html1.contains("<h2>Cost</h2>") && html1.contains("https://openai.com/api/pricing/"), "html cost table");
      assertTrue(first.out().contains("cost (API candidates"), first.out());

      // Second run: the Hub is stopped, the network is off for hf:, the API vectors come from the store.
      hub.close();
      int requests = apis.requests.size();
      env.put("HF_HUB_OFFLINE", "1");
      env.put("HF_ENDPOINT", "http://127.0.0.1:9");
      t0 = System.nanoTime();
      Ran second = bakeOff(args, env, tmp.resolve("reports"));
      double secondSeconds = (System.nanoTime() - t0) / 1e9;
      assertEquals(0, second.code(), second.out() + second.err());
      assertEquals(requests, apis.requests.size(), "the second run sends nothing to the APIs");
      JsonNode r2 = FakeEmbeddingApis.JSON.readTree(second.reports().resolve("bakeoff.json").toFile());
      for (String api : List.of(OPENAI, COHERE)) {
        JsonNode cost = candidate(r2, api).get("cost");
        assertEquals(0, cost.get("runUsd").asDouble(), 0.0, api);
        assertEquals(DOCS.size(), cost.get("reusedDocuments").asInt(), api);
        assertEquals(QUERIES.size(), cost.get("reusedQueries").asInt(), api);
      }
      assertEquals("true", candidate(r2, HF).get("properties").path("fromCacheOnly").asText());
      assertEquals(commit, candidate(r2, HF).get("properties").path("commit").asText());
      assertEquals(candidate(r1, HF).get("metrics").toString(), candidate(r2, HF).get("metrics").toString(),
          "the hf: model from the cache ranks as it did online");
      String md2 = Files.readString(second.reports().resolve("bakeoff.md"));
      assertTrue(md2.contains("reused 10 of 10 document vectors and 5 of 5 query vectors from the store; API cost this run $0.0000"),
          md2);
      assertFalse(md2.contains("not stored"), md2);
      System.out.printf("issue 17 proof: first run %.1f s (%d API tokens billed), second run %.1f s (Hub stopped, "
          + "HF_HUB_OFFLINE=1, 0 API requests)%n", firstSeconds, billed, secondSeconds);
      System.out.println("---- first run console\n" + first.out() + "---- second run console\n" + second.out());
      Files.writeString(Path.of("target/issue17-first.md"), md1);
      Files.writeString(Path.of("target/issue17-second.md"), md2);
    }
  }
}

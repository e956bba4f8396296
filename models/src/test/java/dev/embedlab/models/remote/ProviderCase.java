package dev.embedlab.models.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.source.EmbedderSources;
import dev.embedlab.core.source.SourceContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One provider as the tests see it: how to name a candidate, which environment it reads, and how its
 * documented success answer looks. The fakes answer each text {@code t} with the vector
 * {@code [len(t), position, 1, 0.5]} and report 3 tokens per text where the provider reports tokens.
 */
record ProviderCase(String scheme, String name, String keyVariable, String baseVariable, String basePath,
    String expectedPath, String authHeader, String authPrefix, int maxBatch, boolean reportsTokens,
    Function<JsonNode, List<String>> textsOf, Function<List<String>, String> answer) {

  static final int DIM = 4;
  static final int TOKENS_PER_TEXT = 3;

  @Override
  public String toString() {
    return scheme;
  }

  Map<String, String> env(FakeProviderServer fake, String key) {
    Map<String, String> env = new HashMap<>();
    env.put(keyVariable, key);
    env.put(baseVariable, fake.uri(basePath).toString());
    return env;
  }

  Embedder open(FakeProviderServer fake, String key, String options) throws IOException {
    SourceContext ctx = new SourceContext(env(fake, key), null, 1, null);
    return EmbedderSources.load().open(scheme + ":" + name + options, ctx);
  }

  static float[] vector(String text, int position) {
    return new float[] {text.length(), position, 1f, 0.5f};
  }

  static ArrayNode vectorJson(String text, int position) {
    ArrayNode a = FakeProviderServer.JSON.createArrayNode();
    for (float f : vector(text, position)) {
      a.add(f);
    }
    return a;
  }

  private static String openAiShape(List<String> texts, boolean voyage) {
    ObjectNode root = FakeProviderServer.JSON.createObjectNode();
    root.put("object", "list");
    ArrayNode data = root.putArray("data");
    // Answer in reverse order: the documented `index` field places each vector.
    for (int i = texts.size() - 1; i >= 0; i--) {
      ObjectNode item = data.addObject();
      item.put("object", "embedding");
      item.put("index", i);
      item.set("embedding", vectorJson(texts.get(i), i));
    }
    root.put("model", "m");
    ObjectNode usage = root.putObject("usage");
    if (!voyage) {
      usage.put("prompt_tokens", TOKENS_PER_TEXT * texts.size());
    }
    usage.put("total_tokens", TOKENS_PER_TEXT * texts.size());
    return root.toString();
  }

  private static List<String> strings(JsonNode arr) {
    List<String> out = new ArrayList<>();
    arr.forEach(n -> out.add(n.asText()));
    return out;
  }

  static final ProviderCase OPENAI = new ProviderCase("openai", "text-embedding-3-small", "OPENAI_API_KEY",
      "OPENAI_BASE_URL", "/v1", "/v1/embeddings", "Authorization", "Bearer ", 2048, true,
      b -> strings(b.path("input")), t -> openAiShape(t, false));

  static final ProviderCase AZURE = new ProviderCase("azure", "my-embedder", "AZURE_OPENAI_API_KEY",
      "AZURE_OPENAI_ENDPOINT", "", "/openai/deployments/my-embedder/embeddings?api-version=2024-10-21",
      "api-key", "", 2048, true, b -> strings(b.path("input")), t -> openAiShape(t, false));

  static final ProviderCase GEMINI = new ProviderCase("gemini", "gemini-embedding-001", "GEMINI_API_KEY",
      "GEMINI_BASE_URL", "/v1beta", "/v1beta/models/gemini-embedding-001:batchEmbedContents", "x-goog-api-key", "",
      100, false, b -> {
        List<String> out = new ArrayList<>();
        b.path("requests").forEach(r -> out.add(r.path("content").path("parts").get(0).path("text").asText()));
        return out;
      }, t -> {
        ObjectNode root = FakeProviderServer.JSON.createObjectNode();
        ArrayNode e = root.putArray("embeddings");
        for (int i = 0; i < t.size(); i++) {
          e.addObject().set("values", vectorJson(t.get(i), i));
        }
        return root.toString();
      });

  static final ProviderCase COHERE = new ProviderCase("cohere", "embed-multilingual-v3.0", "COHERE_API_KEY",
      "COHERE_BASE_URL", "", "/v2/embed", "Authorization", "Bearer ", 96, true,
      b -> strings(b.path("texts")), t -> {
        ObjectNode root = FakeProviderServer.JSON.createObjectNode();
        root.put("id", "e1");
        root.put("response_type", "embeddings_by_type");
        ArrayNode f = root.putObject("embeddings").putArray("float");
        for (int i = 0; i < t.size(); i++) {
          f.add(vectorJson(t.get(i), i));
        }
        ArrayNode texts = root.putArray("texts");
        t.forEach(texts::add);
        ObjectNode meta = root.putObject("meta");
        meta.putObject("api_version").put("version", "2");
        meta.putObject("billed_units").put("input_tokens", TOKENS_PER_TEXT * t.size());
        return root.toString();
      });

  static final ProviderCase VOYAGE = new ProviderCase("voyage", "voyage-3.5", "VOYAGE_API_KEY",
      "VOYAGE_BASE_URL", "/v1", "/v1/embeddings", "Authorization", "Bearer ", 1000, true,
      b -> strings(b.path("input")), t -> openAiShape(t, true));

  static List<ProviderCase> all() {
    return List.of(OPENAI, AZURE, GEMINI, COHERE, VOYAGE);
  }

  /** A fake that answers every request as the provider documents. */
  FakeProviderServer.Answer documented() {
    return (r, n) -> FakeProviderServer.Reply.ok(answer.apply(textsOf.apply(r.body())));
  }

  /** Options that make the vector length {@link #DIM}. */
  String dimOption() {
    return scheme.equals("cohere") ? "?dim=" + DIM : "?dimensions=" + DIM;
  }

  /** The embedding role's wire value in a received body (task type / input type), or null when the provider has none. */
  static String roleOnWire(ProviderCase c, JsonNode body) {
    return switch (c.scheme) {
      case "gemini" -> body.path("requests").get(0).path("taskType").asText();
      case "cohere", "voyage" -> body.path("input_type").asText();
      default -> null;
    };
  }

  static Embedder.Role[] roles() {
    return Embedder.Role.values();
  }
}

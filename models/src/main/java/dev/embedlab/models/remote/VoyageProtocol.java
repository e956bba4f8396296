package dev.embedlab.models.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embedlab.core.Embedder;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Voyage AI's text embeddings ("Text embedding models", https://docs.voyageai.com/reference/embeddings-api):
 * {@code POST {base}/embeddings} with {@code Authorization: Bearer KEY} and
 * {@code {"input": [...], "model", "input_type", "output_dimension"?}}; the answer is
 * {@code {"object": "list", "data": [{"object": "embedding", "embedding", "index"}], "model",
 * "usage": {"total_tokens"}}}. A list holds at most 1,000 texts and, per model, at most 120K (e.g.
 * voyage-3-large), 320K (voyage-3.5) or 1M (voyage-3.5-lite) tokens; since tokens are not counted
 * here, the default batch is {@value #DEFAULT_BATCH} texts, which stays under 120K tokens for texts
 * up to ~900 tokens. A query is sent with {@code input_type} {@code query}, a document with
 * {@code document} (Voyage then prepends its retrieval prompts).
 */
public final class VoyageProtocol implements Protocol {
  /** Voyage's base URL. */
  public static final URI BASE = URI.create("https://api.voyageai.com/v1");
  /** The documented limit of texts per request. */
  public static final int MAX_BATCH = 1000;
  /** Texts per request by default (see the class doc). */
  public static final int DEFAULT_BATCH = 128;

  private final URI endpoint;
  private final String model;
  private final Integer dimensions;

  /** {@code model} (e.g. {@code voyage-3.5}) at {@code base}; {@code dimensions} = output_dimension or null. */
  public VoyageProtocol(URI base, String model, Integer dimensions) {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model must not be blank; model=" + model);
    }
    if (dimensions != null && dimensions < 1) {
      throw new IllegalArgumentException("output_dimension must be >= 1; output_dimension=" + dimensions);
    }
    this.endpoint = RemoteHttp.join(RemoteHttp.checkBase(base), "embeddings");
    this.model = model;
    this.dimensions = dimensions;
  }

  @Override
  public String provider() {
    return "voyage";
  }

  @Override
  public String model() {
    return model;
  }

  @Override
  public int maxBatch() {
    return MAX_BATCH;
  }

  @Override
  public int defaultBatch() {
    return DEFAULT_BATCH;
  }

  @Override
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public Map<String, String> authHeaders(String apiKey) {
    return apiKey == null ? Map.of() : Map.of("Authorization", "Bearer " + apiKey);
  }

  /** The input type for a role. */
  static String inputType(Embedder.Role role) {
    return role == Embedder.Role.QUERY ? "query" : "document";
  }

  @Override
  public String body(List<String> texts, Embedder.Role role) {
    ObjectNode body = RemoteHttp.JSON.createObjectNode();
    ArrayNode arr = body.putArray("input");
    texts.forEach(arr::add);
    body.put("model", model);
    body.put("input_type", inputType(role));
    if (dimensions != null) {
      body.put("output_dimension", dimensions);
    }
    return body.toString();
  }

  @Override
  public Batch read(JsonNode response, int count) {
    JsonNode[] v = Responses.byIndex(response.path("data"), "data", count, "embedding");
    return new Batch(v, Responses.tokens(response.path("usage").path("total_tokens"), "usage.total_tokens"));
  }

  @Override
  public Map<String, Object> options() {
    return dimensions == null ? Map.of() : Map.of("output_dimension", dimensions);
  }
}

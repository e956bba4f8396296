package dev.embedlab.models.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embedlab.core.Embedder;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Cohere's Embed API v2 ("Embed API (v2)", https://docs.cohere.com/reference/embed):
 * {@code POST {base}/v2/embed} with {@code Authorization: Bearer KEY} and
 * {@code {"model", "texts": [...], "input_type", "embedding_types": ["float"], "output_dimension"?}};
 * at most 96 texts per call; {@code output_dimension} only for {@code embed-v4.0} and later. The
 * answer is {@code {"id", "embeddings": {"float": [[...]]}, "texts", "meta": {"billed_units":
 * {"input_tokens"}}}}, vectors in request order; the billed input tokens are what cost is computed
 * from. A query is sent as {@code input_type} {@code search_query}, a document as
 * {@code search_document} (required for v3 models and later).
 */
public final class CohereProtocol implements Protocol {
  /** Cohere's base URL. */
  public static final URI BASE = URI.create("https://api.cohere.com");
  /** The documented limit of texts per call. */
  public static final int MAX_BATCH = 96;

  private final URI endpoint;
  private final String model;
  private final Integer dimensions;

  /** {@code model} (e.g. {@code embed-multilingual-v3.0}) at {@code base}; {@code dimensions} = output_dimension or null. */
  public CohereProtocol(URI base, String model, Integer dimensions) {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model must not be blank; model=" + model);
    }
    if (dimensions != null && dimensions < 1) {
      throw new IllegalArgumentException("output_dimension must be >= 1; output_dimension=" + dimensions);
    }
    this.endpoint = RemoteHttp.join(RemoteHttp.checkBase(base), "v2/embed");
    this.model = model;
    this.dimensions = dimensions;
  }

  @Override
  public String provider() {
    return "cohere";
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
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public Map<String, String> authHeaders(String apiKey) {
    return apiKey == null ? Map.of() : Map.of("Authorization", "Bearer " + apiKey);
  }

  /** The input type for a role. */
  static String inputType(Embedder.Role role) {
    return role == Embedder.Role.QUERY ? "search_query" : "search_document";
  }

  @Override
  public String body(List<String> texts, Embedder.Role role) {
    ObjectNode body = RemoteHttp.JSON.createObjectNode();
    body.put("model", model);
    ArrayNode arr = body.putArray("texts");
    texts.forEach(arr::add);
    body.put("input_type", inputType(role));
    body.putArray("embedding_types").add("float");
    if (dimensions != null) {
      body.put("output_dimension", dimensions);
    }
    return body.toString();
  }

  @Override
  public Batch read(JsonNode response, int count) {
    JsonNode[] v = Responses.inOrder(response.path("embeddings").path("float"), "embeddings.float", count, null);
    return new Batch(v, Responses.tokens(response.path("meta").path("billed_units").path("input_tokens"),
        "meta.billed_units.input_tokens"));
  }

  @Override
  public Map<String, Object> options() {
    return dimensions == null ? Map.of() : Map.of("output_dimension", dimensions);
  }
}

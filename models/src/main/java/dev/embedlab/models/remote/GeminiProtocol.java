package dev.embedlab.models.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embedlab.core.Embedder;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The Gemini API's batch embedding ("Embeddings", method {@code models.batchEmbedContents},
 * https://ai.google.dev/api/embeddings#method:-models.batchembedcontents):
 * {@code POST {base}/models/{model}:batchEmbedContents} with the key in the {@code x-goog-api-key}
 * header (never in the URL, where it would reach logs) and
 * {@code {"requests": [{"model": "models/{model}", "content": {"parts": [{"text"}]}, "taskType",
 * "outputDimensionality"?}]}}; the answer is {@code {"embeddings": [{"values": [...]}]}} in request
 * order. At most 100 requests per batch. A query is sent with {@code taskType} {@code RETRIEVAL_QUERY},
 * a document with {@code RETRIEVAL_DOCUMENT} (the task types of {@code gemini-embedding-001} and
 * {@code text-embedding-004}).
 *
 * <p>The answer carries no token count, so {@link RemoteEmbedder} estimates one token per four
 * characters (Google's rule of thumb for Gemini models) and reports the cost as estimated.
 */
public final class GeminiProtocol extends BaseProtocol {
  /** The Gemini API's base URL. */
  public static final URI BASE = URI.create("https://generativelanguage.googleapis.com/v1beta");
  /** The documented limit of requests per batch. */
  public static final int MAX_BATCH = 100;

  /** {@code model} (e.g. {@code gemini-embedding-001}) at {@code base}; {@code dimensions} = outputDimensionality or null. */
  public GeminiProtocol(URI base, String model, Integer dimensions) {
    super("gemini", RemoteHttp.join(RemoteHttp.checkBase(base), "models/" + checkModel(model) + ":batchEmbedContents"),
        model, dimensions, "outputDimensionality", MAX_BATCH);
  }

  private static String checkModel(String model) {
    if (model == null || !model.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("Gemini model must be letters, digits, '.', '_' or '-' (e.g. gemini-embedding-001); model="
          + model);
    }
    return model;
  }

  @Override
  public Map<String, String> authHeaders(String apiKey) {
    return apiKey == null ? Map.of() : Map.of("x-goog-api-key", apiKey);
  }

  /** The task type for a role. */
  static String taskType(Embedder.Role role) {
    return role == Embedder.Role.QUERY ? "RETRIEVAL_QUERY" : "RETRIEVAL_DOCUMENT";
  }

  @Override
  public String body(List<String> texts, Embedder.Role role) {
    ObjectNode body = RemoteHttp.JSON.createObjectNode();
    ArrayNode reqs = body.putArray("requests");
    for (String t : texts) {
      ObjectNode r = reqs.addObject();
      r.put("model", "models/" + model());
      r.putObject("content").putArray("parts").addObject().put("text", t);
      r.put("taskType", taskType(role));
      putDimensions(r);
    }
    return body.toString();
  }

  @Override
  public Batch read(JsonNode response, int count) {
    return new Batch(Responses.inOrder(response.path("embeddings"), "embeddings", count, "values"), OptionalLong.empty());
  }
}

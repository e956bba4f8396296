package dev.embedlab.models.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embedlab.core.Embedder;
import java.net.URI;
import java.util.List;

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
public final class VoyageProtocol extends BaseProtocol {
  /** Voyage's base URL. */
  public static final URI BASE = URI.create("https://api.voyageai.com/v1");
  /** The documented limit of texts per request. */
  public static final int MAX_BATCH = 1000;
  /** Texts per request by default (see the class doc). */
  public static final int DEFAULT_BATCH = 128;

  /** {@code model} (e.g. {@code voyage-3.5}) at {@code base}; {@code dimensions} = output_dimension or null. */
  public VoyageProtocol(URI base, String model, Integer dimensions) {
    super("voyage", RemoteHttp.join(RemoteHttp.checkBase(base), "embeddings"), model, dimensions, "output_dimension", MAX_BATCH);
  }

  @Override
  public int defaultBatch() {
    return DEFAULT_BATCH;
  }

  /** The input type for a role. */
  static String inputType(Embedder.Role role) {
    return role == Embedder.Role.QUERY ? "query" : "document";
  }

  @Override
  public String body(List<String> texts, Embedder.Role role) {
    ObjectNode body = withTexts("input", texts);
    body.put("model", model());
    body.put("input_type", inputType(role));
    putDimensions(body);
    return body.toString();
  }

  @Override
  public Batch read(JsonNode response, int count) {
    return Responses.dataList(response, count, "total_tokens");
  }
}

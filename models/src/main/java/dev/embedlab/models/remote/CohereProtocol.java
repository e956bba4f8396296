package dev.embedlab.models.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embedlab.core.Embedder;
import java.net.URI;
import java.util.List;

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
public final class CohereProtocol extends BaseProtocol {
  /** Cohere's base URL. */
  public static final URI BASE = URI.create("https://api.cohere.com");
  /** The documented limit of texts per call. */
  public static final int MAX_BATCH = 96;

  /** {@code model} (e.g. {@code embed-multilingual-v3.0}) at {@code base}; {@code dimensions} = output_dimension or null. */
  public CohereProtocol(URI base, String model, Integer dimensions) {
    super("cohere", RemoteHttp.join(RemoteHttp.checkBase(base), "v2/embed"), model, dimensions, "output_dimension", MAX_BATCH);
  }

  /** The input type for a role. */
  static String inputType(Embedder.Role role) {
    return role == Embedder.Role.QUERY ? "search_query" : "search_document";
  }

  @Override
  public String body(List<String> texts, Embedder.Role role) {
    ObjectNode body = RemoteHttp.JSON.createObjectNode();
    body.put("model", model());
    body.setAll(withTexts("texts", texts));
    body.put("input_type", inputType(role));
    body.putArray("embedding_types").add("float");
    putDimensions(body);
    return body.toString();
  }

  @Override
  public Batch read(JsonNode response, int count) {
    JsonNode[] v = Responses.inOrder(response.path("embeddings").path("float"), "embeddings.float", count, null);
    return new Batch(v, Responses.tokens(response.path("meta").path("billed_units").path("input_tokens"),
        "meta.billed_units.input_tokens"));
  }
}

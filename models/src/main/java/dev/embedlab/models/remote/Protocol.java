package dev.embedlab.models.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embedlab.core.Embedder;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One provider's request and response shape: where to POST, how the key travels, what the body
 * looks like for a batch of texts in a role, and where the vectors and the billed tokens are in the
 * answer. Everything else (batching, retries, limits, redaction, validation of vectors, usage and
 * cost) is shared by {@link RemoteEmbedder}. Implementations are immutable.
 */
public interface Protocol {

  /** The provider's scheme ({@code openai}, {@code azure}, {@code gemini}, {@code cohere}, {@code voyage}). */
  String provider();

  /** The model (or Azure deployment) the requests name. */
  String model();

  /** The most texts one request may carry, per the provider's documentation. */
  int maxBatch();

  /**
   * Texts per request when the caller does not choose: {@link #maxBatch()} unless a per-request
   * token limit makes a smaller batch the safer default (Voyage).
   */
  default int defaultBatch() {
    return maxBatch();
  }

  /** The URL every request is POSTed to. */
  URI endpoint();

  /** The headers that carry {@code apiKey} (empty when the key is null: a local server). */
  Map<String, String> authHeaders(String apiKey);

  /** The JSON request body for {@code texts} (prefixes already applied) in {@code role}. */
  String body(List<String> texts, Embedder.Role role);

  /**
   * The vectors of a success body, one JSON array per text in request order, and the tokens billed.
   *
   * @throws IllegalStateException when the body does not have the documented shape (the message
   *     names the field and what was found, without the caller's id, which the caller adds)
   */
  Batch read(JsonNode response, int count);

  /** Request options that change the vectors (e.g. {@code dimensions=256}), for provenance. */
  Map<String, Object> options();

  /**
   * A parsed answer.
   *
   * @param vectors one JSON node per text, in request order (validated by the caller)
   * @param tokens the billed input tokens the provider reported, or empty when it reports none
   */
  record Batch(JsonNode[] vectors, OptionalLong tokens) {}
}

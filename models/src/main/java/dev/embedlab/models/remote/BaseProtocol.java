package dev.embedlab.models.remote;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * What the protocols share: provider name, endpoint, model, the optional requested dimension and the
 * request field it travels in, the limit of texts per request, and bearer authentication (overridden where a provider uses its own
 * header). Subclasses add the body and the answer's shape.
 */
abstract class BaseProtocol implements Protocol {
  private final String provider;
  private final URI endpoint;
  private final String model;
  /** The requested vector length, or null for the model's own. */
  final Integer dimensions;
  private final String dimensionsField;
  private final int maxBatch;

  BaseProtocol(String provider, URI endpoint, String model, Integer dimensions, String dimensionsField, int maxBatch) {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model must not be blank; model=" + model);
    }
    if (dimensions != null && dimensions < 1) {
      throw new IllegalArgumentException(dimensionsField + " must be >= 1; " + dimensionsField + "=" + dimensions);
    }
    this.provider = provider;
    this.endpoint = endpoint;
    this.model = model;
    this.dimensions = dimensions;
    this.dimensionsField = dimensionsField;
    this.maxBatch = maxBatch;
  }

  @Override
  public final String provider() {
    return provider;
  }

  @Override
  public final String model() {
    return model;
  }

  @Override
  public final URI endpoint() {
    return endpoint;
  }

  /** The provider's documented limit of texts per request. */
  @Override
  public final int maxBatch() {
    return maxBatch;
  }

  /** {@code Authorization: Bearer KEY} (OpenAI, Cohere, Voyage); none without a key. */
  @Override
  public Map<String, String> authHeaders(String apiKey) {
    return apiKey == null ? Map.of() : Map.of("Authorization", "Bearer " + apiKey);
  }

  @Override
  public final Map<String, Object> options() {
    return dimensions == null ? Map.of() : Map.of(dimensionsField, dimensions);
  }

  /** A new JSON object with {@code texts} as the array {@code field}. */
  static ObjectNode withTexts(String field, List<String> texts) {
    ObjectNode body = RemoteHttp.JSON.createObjectNode();
    ArrayNode arr = body.putArray(field);
    texts.forEach(arr::add);
    return body;
  }

  /** Adds the requested dimension to {@code node} when one was asked for. */
  final void putDimensions(ObjectNode node) {
    if (dimensions != null) {
      node.put(dimensionsField, dimensions);
    }
  }
}

package dev.embedlab.bakeoff;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Provenance of one candidate as run: its declared name and description, the embedder's own
 * {@link dev.embedlab.core.Embedder#id() id}, the model file hash and free-form properties.
 *
 * @param name the candidate's name
 * @param modelId {@code Embedder.id()} of the embedder the factory built
 * @param description free text
 * @param sha256 model file SHA-256, or empty when not given
 * @param cachedEmbeddings whether vectors may have come from a cache (speed is then not model speed)
 * @param properties further provenance, in insertion order
 */
public record CandidateInfo(String name, String modelId, String description, String sha256,
    boolean cachedEmbeddings, Map<String, String> properties) {

  /** Validates; copies the properties keeping their order. */
  public CandidateInfo {
    if (name == null || modelId == null) {
      throw new IllegalArgumentException("name and modelId must be non-null; name=" + name);
    }
    description = description == null ? "" : description;
    sha256 = sha256 == null ? "" : sha256;
    properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties == null ? Map.of() : properties));
  }
}

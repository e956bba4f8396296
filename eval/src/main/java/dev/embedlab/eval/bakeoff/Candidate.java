package dev.embedlab.eval.bakeoff;

import dev.embedlab.core.Embedder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One contestant of a {@link BakeOff}: a name, a factory that builds its {@link Embedder} (the
 * bake-off times the call as load time and closes the embedder when done), and provenance.
 *
 * <p>The bake-off never knows how the embedder is made (ONNX, remote API, ensemble): that is the
 * factory's business, which keeps {@code eval} free of model runtimes.
 *
 * @param name short unique label used in tables and charts
 * @param factory builds a fresh embedder; called once per bake-off
 * @param description free text (model card name, variant)
 * @param sha256 SHA-256 of the model file when known, else empty
 * @param cachedEmbeddings whether vectors may come from a cache (then speed figures are not model speed)
 * @param properties further provenance (tokenizer, pooling, preprocessing id…), in insertion order
 * @param describer called once on the built embedder for provenance only it knows (model file
 *     SHA-256, pooling, maximum length); its entries are added to {@code properties}, and a
 *     {@code "sha256"} entry fills an empty {@code sha256}
 */
public record Candidate(String name, Supplier<? extends Embedder> factory, String description,
    String sha256, boolean cachedEmbeddings, Map<String, String> properties,
    Function<? super Embedder, Map<String, String>> describer) {

  /** Validates; copies the properties keeping their order. */
  public Candidate {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name must be non-blank; name=" + name);
    }
    if (factory == null) {
      throw new IllegalArgumentException("factory must not be null (candidate " + name + ")");
    }
    description = description == null ? "" : description;
    sha256 = sha256 == null ? "" : sha256;
    if (!sha256.isEmpty() && !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "sha256 must be 64 lowercase hex digits or empty; sha256=" + sha256);
    }
    properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties == null ? Map.of() : properties));
    describer = describer == null ? e -> Map.of() : describer;
  }

  /** A candidate with only a name and a factory. */
  public static Candidate of(String name, Supplier<? extends Embedder> factory) {
    return builder(name, factory).build();
  }

  /** Starts a builder. */
  public static Builder builder(String name, Supplier<? extends Embedder> factory) {
    return new Builder(name, factory);
  }

  /** Builds a {@link Candidate}. */
  public static final class Builder {
    private final String name;
    private final Supplier<? extends Embedder> factory;
    private String description = "";
    private String sha256 = "";
    private boolean cached;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private Function<? super Embedder, Map<String, String>> describer;

    private Builder(String name, Supplier<? extends Embedder> factory) {
      this.name = name;
      this.factory = factory;
    }

    /** Free-text description. */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /** SHA-256 (lowercase hex) of the model file. */
    public Builder sha256(String sha256) {
      this.sha256 = sha256;
      return this;
    }

    /** Marks the vectors as possibly cached: reports flag the speed figures. */
    public Builder cachedEmbeddings(boolean cached) {
      this.cached = cached;
      return this;
    }

    /** Adds one provenance entry (e.g. {@code "pooling" → "MEAN"}). */
    public Builder property(String key, String value) {
      if (key == null || value == null) {
        throw new IllegalArgumentException("property key and value must be non-null; key=" + key);
      }
      properties.put(key, value);
      return this;
    }

    /** Provenance read from the built embedder (see {@link Candidate#describer()}). */
    public Builder describer(Function<? super Embedder, Map<String, String>> describer) {
      this.describer = describer;
      return this;
    }

    /** The immutable candidate. */
    public Candidate build() {
      return new Candidate(name, factory, description, sha256, cached, properties, describer);
    }
  }
}

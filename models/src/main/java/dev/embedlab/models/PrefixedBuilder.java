package dev.embedlab.models;

import dev.embedlab.core.Embedder.Role;

/**
 * The two options every embedder builder of this library takes alike: the prefix (or instruction)
 * prepended to {@link Role#QUERY} texts and the one prepended to {@link Role#DOCUMENT} texts, e.g.
 * e5's {@code "query: "} and {@code "passage: "}. Setting {@code null} means no prefix ({@code ""}).
 * Until set, a prefix is whatever the builder started with: the model's own, {@code ""}, or
 * {@code null} where a description (Spark's) leaves it to the model it names.
 *
 * @param <B> the concrete builder, returned by the setters for chaining
 */
public abstract class PrefixedBuilder<B extends PrefixedBuilder<B>> {
  private String queryPrefix;
  private String documentPrefix;

  /** Starts with these prefixes (either may be null: "not set", see the class doc). */
  protected PrefixedBuilder(String queryPrefix, String documentPrefix) {
    this.queryPrefix = queryPrefix;
    this.documentPrefix = documentPrefix;
  }

  /** This builder as its own type: {@code B} is the subclass by the class's declaration. */
  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** Prefix/instruction prepended to {@link Role#QUERY} texts; null for none. */
  public final B queryPrefix(String p) {
    this.queryPrefix = p == null ? "" : p;
    return self();
  }

  /** Prefix prepended to {@link Role#DOCUMENT} texts; null for none. */
  public final B documentPrefix(String p) {
    this.documentPrefix = p == null ? "" : p;
    return self();
  }

  /** The query prefix so far (null only while a description leaves it to the model). */
  public final String queryPrefix() {
    return queryPrefix;
  }

  /** The document prefix so far (null only while a description leaves it to the model). */
  public final String documentPrefix() {
    return documentPrefix;
  }
}

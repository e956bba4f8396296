package dev.embedlab.core;

import java.util.List;

/**
 * Turns texts into dense vectors. The one contract every model, remote API, ensemble or wrapper in
 * embedlab implements, and the only thing evaluation code knows about a model.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #embed(List, Role)} returns one {@code float[]} of length {@link #dimension()} per input
 *       text, in input order. A {@code null} list or element is an {@link IllegalArgumentException}
 *       naming the index.</li>
 *   <li>The {@link Role} says whether the texts are queries or documents; models that need a prefix
 *       (e5 {@code "query: "}/{@code "passage: "}) or an instruction (bge) apply it themselves, so
 *       callers never concatenate strings.</li>
 *   <li>{@link #dimension()} and {@link #id()} are cheap and never run the model.</li>
 *   <li>Implementations holding native resources release them in {@link #close()}, which is
 *       idempotent; any call after close throws {@link IllegalStateException}.</li>
 * </ul>
 * Capabilities beyond this (usage counters, provenance) are separate small interfaces such as
 * {@link UsageReporting}, so this one never grows.
 */
public interface Embedder extends AutoCloseable {

  /** Whether a text is a search query or a document/passage being indexed. */
  enum Role {
    /** A search query (e5: {@code "query: "}, bge: the retrieval instruction). */
    QUERY,
    /** A document or passage (e5: {@code "passage: "}, bge: no instruction). */
    DOCUMENT
  }

  /**
   * Embeds {@code texts} for the given role.
   *
   * @return one vector per text, each of length {@link #dimension()}, in input order
   * @throws IllegalArgumentException if the list or an element is null
   * @throws IllegalStateException if this embedder is closed
   */
  float[][] embed(List<String> texts, Role role);

  /** Embeds documents: {@code embed(texts, Role.DOCUMENT)}. */
  default float[][] embed(List<String> texts) {
    return embed(texts, Role.DOCUMENT);
  }

  /** The length of every vector this embedder returns. Never runs the model. */
  int dimension();

  /** A stable, human-readable identifier (goes into provenance and reports). */
  String id();

  /** Releases native resources. Idempotent. Default: nothing to release. */
  @Override
  default void close() {}
}

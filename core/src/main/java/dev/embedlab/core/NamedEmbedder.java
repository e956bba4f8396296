package dev.embedlab.core;

import java.util.Objects;

/**
 * An {@link Embedder} whose id and dimension are fixed when it is made, so {@link #id()} and
 * {@link #dimension()} are the cheap reads the {@link Embedder} contract promises and never run the
 * model. The base of the adapters ({@link AdaptedModelEmbedder}), ensembles and static models: a
 * subclass works out both before it calls this constructor and keeps everything else (vectors,
 * fingerprint, usage, closing) to itself.
 */
public abstract class NamedEmbedder implements Embedder {
  private final String id;
  private final int dimension;

  /**
   * @param id the embedder's id (a subclass refuses ids it cannot use before calling this)
   * @param dimension the vector length, known without running the model
   * @throws NullPointerException if {@code id} is null
   * @throws IllegalArgumentException if {@code dimension} is below 1, naming the id
   */
  protected NamedEmbedder(String id, int dimension) {
    Objects.requireNonNull(id, "id");
    if (dimension < 1) {
      throw new IllegalArgumentException(id + " reports dimension " + dimension + "; expected >= 1");
    }
    this.id = id;
    this.dimension = dimension;
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final int dimension() {
    return dimension;
  }
}

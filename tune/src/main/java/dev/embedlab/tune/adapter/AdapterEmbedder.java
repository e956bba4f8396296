package dev.embedlab.tune.adapter;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedders;
import dev.embedlab.core.ForwardingEmbedder;
import java.util.List;

/**
 * An {@link Embedder} that maps a base embedder's output through a {@link LinearAdapter}: query
 * vectors always, document vectors too when the adapter was trained on {@link AdapterSides#BOTH}.
 * Adapted vectors are re-normalised to unit length; untouched vectors are returned as the base
 * produced them.
 *
 * <p>Usage and cost are the base's ({@link ForwardingEmbedder}); id, dimension, fingerprint and
 * provenance name the adapter. The wrapper owns the base: {@link #close()} closes it (once). After close every call throws
 * {@code IllegalStateException("<id> is closed")}.
 */
public final class AdapterEmbedder implements ForwardingEmbedder {
  private final Embedder base;
  private final LinearAdapter adapter;
  private final String id;
  private volatile boolean closed;

  private AdapterEmbedder(Embedder base, LinearAdapter adapter) {
    this.base = base;
    this.adapter = adapter;
    this.id = base.id() + "+adapter-" + adapter.sides().name().toLowerCase(java.util.Locale.ROOT) + "-"
        + adapter.fingerprint();
  }

  /**
   * Wraps {@code base}.
   *
   * @throws IllegalArgumentException if the dimensions differ ("adapter dimension 384 != base
   *     dimension 768")
   */
  public static AdapterEmbedder wrap(Embedder base, LinearAdapter adapter) {
    if (base == null || adapter == null) {
      throw new IllegalArgumentException("base and adapter must not be null");
    }
    if (base.dimension() != adapter.dimension()) {
      throw new IllegalArgumentException("adapter dimension " + adapter.dimension() + " != base dimension "
          + base.dimension() + " (" + base.id() + ")");
    }
    return new AdapterEmbedder(base, adapter);
  }

  @Override
  public float[][] embed(List<String> texts, Role role) {
    ensureOpen();
    Embedders.checkTexts(texts, role);
    float[][] vectors = base.embed(texts, role);
    return adapter.appliesTo(role) ? adapter.apply(vectors) : vectors;
  }

  @Override
  public int dimension() {
    return adapter.dimension();
  }

  @Override
  public String id() {
    return id;
  }

  /** The adapter applied. */
  public LinearAdapter adapter() {
    return adapter;
  }

  @Override
  public String fingerprint() {
    return dev.embedlab.core.Fingerprinted.fingerprintOf(base) + ";adapter=" + adapter.sides() + "-"
        + adapter.fingerprint();
  }

  /** The base embedder the adapter is applied to. */
  @Override
  public Embedder delegate() {
    return base;
  }

  @Override
  public dev.embedlab.core.retrieval.Provenance provenance() {
    return dev.embedlab.core.retrieval.Provenance.of("linear-adapter",
        java.util.Map.of("sides", adapter.sides(), "fingerprint", adapter.fingerprint(),
            "dimension", adapter.dimension()),
        dev.embedlab.core.retrieval.ProvenanceSource.provenanceOf(base));
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    base.close();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException(id + " is closed");
    }
  }
}

package dev.embedlab.core.text;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedders;
import java.util.List;

/**
 * An {@link Embedder} that runs a {@link TextPreprocessor} over every text (queries and documents
 * alike) before handing it to a delegate. {@link #id()} is {@code <delegate id>+<chain id>}
 * (e.g. {@code all-minilm-l6-v2+pp-3fa9c1e07b}), so runs, reports and caches keyed by the embedder
 * id never mix preprocessed and raw vectors.
 *
 * <p><b>Ownership.</b> {@link #wrap(Embedder, TextPreprocessor)} borrows the delegate: closing the
 * wrapper marks only the wrapper closed (the same model is usually also evaluated raw in the same
 * bake-off). {@link #owning(Embedder, TextPreprocessor)} takes ownership and closes the delegate too.
 * {@link #close()} is idempotent; any embed after it throws {@code IllegalStateException("<id> is
 * closed")}.
 */
public final class PreprocessingEmbedder implements Embedder {
  private final Embedder delegate;
  private final TextPreprocessor chain;
  private final boolean ownsDelegate;
  private final String id;
  private volatile boolean closed;

  private PreprocessingEmbedder(Embedder delegate, TextPreprocessor chain, boolean ownsDelegate) {
    if (delegate == null) {
      throw new IllegalArgumentException("delegate must not be null");
    }
    if (chain == null) {
      throw new IllegalArgumentException("chain must not be null");
    }
    this.delegate = delegate;
    this.chain = chain;
    this.ownsDelegate = ownsDelegate;
    this.id = delegate.id() + "+" + chain.id();
  }

  /** Wraps {@code delegate} without taking ownership (closing the wrapper leaves it open). */
  public static PreprocessingEmbedder wrap(Embedder delegate, TextPreprocessor chain) {
    return new PreprocessingEmbedder(delegate, chain, false);
  }

  /** Wraps {@code delegate} and takes ownership: {@link #close()} closes it. */
  public static PreprocessingEmbedder owning(Embedder delegate, TextPreprocessor chain) {
    return new PreprocessingEmbedder(delegate, chain, true);
  }

  @Override
  public float[][] embed(List<String> texts, Role role) {
    if (closed) {
      throw new IllegalStateException(id + " is closed");
    }
    Embedders.checkTexts(texts, role);
    return delegate.embed(chain.applyAll(texts), role);
  }

  @Override
  public int dimension() {
    return delegate.dimension();
  }

  @Override
  public String id() {
    return id;
  }

  /** The wrapped embedder. */
  public Embedder delegate() {
    return delegate;
  }

  /** The rule chain. */
  public TextPreprocessor chain() {
    return chain;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (ownsDelegate) {
      delegate.close();
    }
  }
}

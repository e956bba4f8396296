package dev.embedlab.core.text;

import dev.embedlab.core.Checks;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedders;
import dev.embedlab.core.Fingerprinted;
import dev.embedlab.core.UsageReporting;
import dev.embedlab.core.retrieval.Provenance;
import dev.embedlab.core.retrieval.ProvenanceSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

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
 *
 * <p><b>Capabilities pass through.</b> The fingerprint is the delegate's plus the chain id, usage
 * is the delegate's (texts counted here when the delegate does not count), and the provenance is
 * the chain on top of the delegate's, so a cache in front of this wrapper is keyed by the model
 * underneath and a report still sees its truncation counts.
 */
public final class PreprocessingEmbedder implements Embedder, Fingerprinted, UsageReporting, ProvenanceSource,
    dev.embedlab.core.CostReporting {
  private final Embedder delegate;
  private final TextPreprocessor chain;
  private final boolean ownsDelegate;
  private final String id;
  private volatile boolean closed;
  private final LongAdder ownTexts = new LongAdder();

  private PreprocessingEmbedder(Embedder delegate, TextPreprocessor chain, boolean ownsDelegate) {
    Checks.notNull("delegate", delegate);
    Checks.notNull("chain", chain);
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
    float[][] out = delegate.embed(chain.applyAll(texts), role);
    ownTexts.add(texts.size());
    return out;
  }

  @Override
  public String fingerprint() {
    return Fingerprinted.fingerprintOf(delegate) + ";rules=" + chain.id();
  }

  /**
   * The wrapped model's cost, passed through: what the paid API billed for the texts this wrapper
   * sent on (a cache hit costs nothing, so a cache shows what the misses cost).
   */
  @Override
  public dev.embedlab.core.CostReporting.Cost cost() {
    return dev.embedlab.core.CostReporting.costOf(delegate).orElse(dev.embedlab.core.CostReporting.Cost.NONE);
  }


  @Override
  public Usage usage() {
    return UsageReporting.usageOf(delegate).orElseGet(() -> new Usage(ownTexts.sum(), 0, 0, 0));
  }

  @Override
  public void resetUsage() {
    ownTexts.reset();
    UsageReporting.resetUsageOf(delegate);
  }

  @Override
  public Provenance provenance() {
    return Provenance.of("preprocessing", Map.of("rules", chain.id(), "description", chain.description()),
        ProvenanceSource.provenanceOf(delegate));
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

package dev.embedlab.core;

import dev.embedlab.core.retrieval.Provenance;
import dev.embedlab.core.retrieval.ProvenanceSource;

/**
 * An {@link Embedder} that wraps another one (a cache, a meter, an adapter) and, for every
 * capability it does not override, reports what its {@link #delegate()} reports: id, dimension,
 * {@link Fingerprinted#fingerprintOf fingerprint}, {@link UsageReporting#usageOf usage} (and its
 * reset), {@link CostReporting#costOf cost} and {@link ProvenanceSource#provenanceOf provenance}.
 * A delegate without a capability reports the neutral value ({@link UsageReporting.Usage#NONE}, {@link CostReporting.Cost#NONE},
 * the unfingerprinted fingerprint, a class-and-id provenance), exactly as the static helpers of
 * each capability do.
 *
 * <p>One place for the forwarding, so that a wrapper states only what it changes: a wrapper that
 * changes the vectors must override {@link #id()} or {@link #fingerprint()} (and usually
 * {@link #provenance()}, nesting the delegate's), or it would share the delegate's cache keys.
 * {@link #embed} and {@link #close()} stay the wrapper's own: whether it owns its delegate is its
 * decision.
 */
public interface ForwardingEmbedder extends Embedder, Fingerprinted, UsageReporting, CostReporting,
    ProvenanceSource {

  /** The wrapped embedder. */
  Embedder delegate();

  /** The delegate's id. */
  @Override
  default String id() {
    return delegate().id();
  }

  /** The delegate's dimension. */
  @Override
  default int dimension() {
    return delegate().dimension();
  }

  /** The delegate's fingerprint (or its unfingerprinted description). */
  @Override
  default String fingerprint() {
    return Fingerprinted.fingerprintOf(delegate());
  }

  /**
   * The wrapped model's cost, passed through: what a paid API billed for the texts this wrapper
   * sent on (a cache hit costs nothing, so a cache shows what the misses cost).
   */
  @Override
  default Cost cost() {
    return CostReporting.costOf(delegate()).orElse(Cost.NONE);
  }

  /** The delegate's usage: the work the model did for the texts this wrapper sent on. */
  @Override
  default Usage usage() {
    return UsageReporting.usageOf(delegate()).orElse(Usage.NONE);
  }

  /** Resets the delegate's usage counters, when it has any. */
  @Override
  default void resetUsage() {
    UsageReporting.resetUsageOf(delegate());
  }

  /** The delegate's provenance: a wrapper that does not change vectors adds nothing. */
  @Override
  default Provenance provenance() {
    return ProvenanceSource.provenanceOf(delegate());
  }
}

package dev.embedlab.core;

/**
 * Capability of an embedder whose vectors are fully determined by a configuration that can be
 * written down: model file hash, tokenizer hash, pooling, normalisation, maximum length, prefixes,
 * and every wrapper's own parameters (a rule chain, an adapter, ensemble weights). Two embedders
 * with equal fingerprints return equal vectors for equal inputs, whatever their
 * {@link Embedder#id() id}; caches key their stores by it.
 *
 * <p>Wrappers implement it by combining their own parameters with {@link #fingerprintOf} of what
 * they wrap, so a cache in front of a rule chain in front of a model is keyed by the model file's
 * hash, never by an id two different models may share.
 */
public interface Fingerprinted {

  /** A stable string naming everything that determines this embedder's vectors. Never runs the model. */
  String fingerprint();

  /**
   * {@code e}'s fingerprint, or for an embedder without one {@code "unfingerprinted;id=<id>;dim=<d>"},
   * which {@link #isFingerprint} reports as not a real fingerprint (a cache should warn).
   */
  static String fingerprintOf(Embedder e) {
    return e instanceof Fingerprinted f ? f.fingerprint()
        : "unfingerprinted;id=" + e.id() + ";dim=" + e.dimension();
  }

  /** Whether a string from {@link #fingerprintOf} names a real configuration all the way down. */
  static boolean isFingerprint(String fingerprint) {
    return !fingerprint.contains("unfingerprinted;");
  }
}

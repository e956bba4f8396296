package dev.embedlab.models;

/**
 * Capability of an embedder whose vectors are fully determined by a configuration that can be
 * written down: model file hash, tokenizer hash, pooling, normalisation, maximum length, prefixes.
 * Two embedders with equal fingerprints return equal vectors for equal inputs, whatever their
 * {@link dev.embedlab.core.Embedder#id() id}; {@link CachingEmbedder} keys its store by it.
 */
public interface Fingerprinted {

  /** A stable string naming everything that determines this embedder's vectors. Never runs the model. */
  String fingerprint();
}

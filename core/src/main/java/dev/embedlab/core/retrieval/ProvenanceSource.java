package dev.embedlab.core.retrieval;

/**
 * Capability of an object that describes its own provenance (an embedder, a compressor, a
 * retriever). Wrappers implement it by adding themselves on top of what they wrap.
 */
public interface ProvenanceSource {

  /** What this object is and what it was built from. Never runs a model or a search. */
  Provenance provenance();
}

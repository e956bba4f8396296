package dev.embedlab.core.retrieval;

/**
 * Capability of an object that describes its own provenance (an embedder, a compressor, a
 * retriever). Wrappers implement it by adding themselves on top of what they wrap.
 */
public interface ProvenanceSource {

  /** What this object is and what it was built from. Never runs a model or a search. */
  Provenance provenance();

  /**
   * {@code o}'s provenance, or for an object that does not describe itself one naming its class
   * (and, for an embedder, its id and dimension).
   */
  static Provenance provenanceOf(Object o) {
    if (o instanceof ProvenanceSource p) {
      return p.provenance();
    }
    if (o instanceof dev.embedlab.core.Embedder e) {
      return Provenance.of("embedder", java.util.Map.of("class", o.getClass().getName(), "id", e.id(),
          "dimension", e.dimension()));
    }
    return Provenance.of("object", java.util.Map.of("class", o.getClass().getName()));
  }
}

package dev.embedlab.tune.adapter;

/** Which texts a {@link LinearAdapter} transforms. */
public enum AdapterSides {
  /** Queries only; document vectors (and any index built from them) stay as they are. */
  QUERY,
  /** Queries and documents share the same map; the corpus must be re-embedded (or re-mapped). */
  BOTH
}

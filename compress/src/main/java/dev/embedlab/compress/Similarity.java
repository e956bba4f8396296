package dev.embedlab.compress;

/** How a query is compared with a stored vector; larger scores always mean more similar. */
public enum Similarity {
  /** Inner product {@code q·x} (cosine for unit vectors, the sentence-transformers default). */
  DOT_PRODUCT,
  /** Negative squared Euclidean distance {@code -||q - x||²} (FAISS {@code METRIC_L2}, negated). */
  EUCLIDEAN
}

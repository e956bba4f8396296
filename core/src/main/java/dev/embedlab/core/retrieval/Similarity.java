package dev.embedlab.core.retrieval;

/**
 * How a retriever scores a document for a query; larger scores always mean more similar. The one
 * such enum of the library: vector search (exact, compressed, ANN) uses its first three values,
 * and {@link ExactScan} computes DOT_PRODUCT and NEGATIVE_SQUARED_L2.
 */
public enum Similarity {
  /** Inner product {@code q·x} of the vectors (cosine on unit vectors, the sentence-transformers default). */
  DOT_PRODUCT,
  /** Cosine of the vectors, whatever their norms. */
  COSINE,
  /** Negative squared Euclidean distance {@code -||q - x||²} (FAISS {@code METRIC_L2}, negated; higher is closer). */
  NEGATIVE_SQUARED_L2,
  /** Lucene BM25 over analysed terms. */
  BM25,
  /** A combination of other retrievers' scores or ranks (fusion). */
  FUSED,
  /** A model scoring (query, document) pairs (reranking). */
  CROSS_ENCODER
}

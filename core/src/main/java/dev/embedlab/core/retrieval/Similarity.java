package dev.embedlab.core.retrieval;

/** How a retriever scores a document for a query. */
public enum Similarity {
  /** Inner product of the vectors (cosine on unit vectors). */
  DOT_PRODUCT,
  /** Cosine of the vectors, whatever their norms. */
  COSINE,
  /** Negative squared Euclidean distance (higher is closer). */
  NEGATIVE_SQUARED_L2,
  /** Lucene BM25 over analysed terms. */
  BM25,
  /** A combination of other retrievers' scores or ranks (fusion). */
  FUSED,
  /** A model scoring (query, document) pairs (reranking). */
  CROSS_ENCODER
}

package dev.embedlab.core.retrieval;

import java.util.List;

/**
 * A model that scores (query, document) pairs jointly, e.g. a cross-encoder: the second stage of
 * a retrieve-then-rerank pipeline ({@link RerankingRetriever}). Higher is more relevant; only the
 * order of one query's scores matters to ranking.
 *
 * <p>One required method. An implementation that holds a model describes itself by also
 * implementing {@link ProvenanceSource}, and releases it in {@link #close()}.
 */
public interface Reranker extends AutoCloseable {

  /**
   * Scores {@code documents} against {@code query}.
   *
   * @param query the query text
   * @param documents candidate texts; may be empty
   * @return one finite score per document, in the order given (never reordered)
   * @throws IllegalArgumentException if the query or a document is null or not well-formed text
   * @throws IllegalStateException if the reranker is closed
   */
  double[] score(String query, List<String> documents);

  /** A short display name for reports (default: the class's simple name). */
  default String id() {
    return getClass().getSimpleName();
  }

  /** Releases model resources; idempotent. The default holds none. */
  @Override
  default void close() {}
}

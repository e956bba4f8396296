package dev.embedlab.core.retrieval;

import dev.embedlab.core.Checks;
import java.util.List;

/**
 * Every way of ranking documents for queries: exact or compressed vector search, an ANN index,
 * BM25, a fusion of retrievers, a reranker over another retriever. A retriever is built over one
 * corpus and answers batches of {@link Queries}; batch search is the primary path, so
 * implementations can use matrix products and threads.
 *
 * <p>Contract, checked for every implementation by the shared contract tests:
 * <ul>
 *   <li>one {@link Ranking} per query, in the order given, each with at most {@code k} hits in
 *       trec_eval order and no duplicate documents;
 *   <li>the same queries give the same rankings (deterministic, whatever the batch);
 *   <li>NaN and infinite inputs are refused with an {@code IllegalArgumentException}, never ranked;
 *   <li>{@link #describe()} never runs a search.
 * </ul>
 */
public interface Retriever extends AutoCloseable {

  /**
   * The top {@code k} documents of each query.
   *
   * @param queries ids and the texts and/or vectors this retriever needs
   * @param k hits per query, >= 1
   * @throws IllegalArgumentException if {@code k < 1} or the queries lack what this retriever
   *     reads (naming it), or hold non-finite vectors
   */
  List<Ranking> search(Queries queries, int k);

  /** What this retriever is, its similarity, footprint and provenance. */
  Description describe();

  /** Releases native or file resources; idempotent. The default holds none. */
  @Override
  default void close() {}

  /**
   * A retriever's self-description for reports.
   *
   * @param name a short display name, e.g. {@code "hnsw(M=16,ef=100)"}
   * @param similarity how it scores
   * @param documents corpus size
   * @param memoryBytes bytes held for search (vectors, codes, graph, index), or -1 when unknown
   * @param bytesPerDocument the index bytes one document costs (codes + graph links), or -1
   * @param buildMillis time spent building the index, or -1 when not measured
   * @param provenance what it is and what it was built from
   */
  record Description(String name, Similarity similarity, int documents, long memoryBytes,
      double bytesPerDocument, double buildMillis, Provenance provenance) {
    public Description {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank; name=" + name);
      }
      if (similarity == null || provenance == null) {
        throw new IllegalArgumentException("similarity and provenance must not be null");
      }
      Checks.atLeast("documents", documents, 0);
    }
  }

  /** Checks {@code k >= 1}; for implementations. */
  static void checkK(int k) {
    Checks.atLeast("k", k, 1);
  }
}

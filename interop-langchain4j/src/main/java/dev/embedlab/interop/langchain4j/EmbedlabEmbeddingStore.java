package dev.embedlab.interop.langchain4j;

import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.retrieval.Provenance;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.core.retrieval.TopK;
import dev.embedlab.core.retrieval.VectorEntries;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingSearchResult;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.RelevanceScore;
import dev.langchain4j.store.embedding.filter.Filter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An in-memory LangChain4j {@link EmbeddingStore} with embedlab's exact search: cosine scores from
 * {@link VectorUtil#cosine} (accumulated in double), selected by core's {@link TopK} (ties broken
 * by id as trec_eval does), and embedlab's non-finite policy: a vector with a NaN or infinite
 * component (or a norm above {@link VectorUtil#MAX_NORM}) is refused when added or searched, never
 * stored or ranked.
 *
 * <p><b>What is measured is what runs.</b> {@link #asRetriever()} is this store as an embedlab
 * {@link Retriever} (cosine similarity, the same vectors and the same top-k), so the bake-off and
 * the monitor module's {@code MeteredRetriever}/{@code QualityProbe} read exactly what
 * {@code EmbeddingStoreContentRetriever} searches in the application. Fill it with the embedder the
 * bake-off chose ({@code EmbedlabEmbeddingModel.of(embedder)} in an {@code EmbeddingStoreIngestor}).
 *
 * <p>Search: LangChain4j's score is its relevance {@code (cosine + 1) / 2}
 * ({@link RelevanceScore#fromCosineSimilarity}), matches below {@code minScore} are dropped; every
 * LangChain4j {@link Filter} is supported, evaluated on the segment's {@link Metadata} (an entry added
 * without a segment has empty metadata). All vectors share the dimension of the first one added (until the store is emptied).
 * Removal by id, ids, filter or all. Thread-safe (a read-write lock: searches run concurrently).
 */
public final class EmbedlabEmbeddingStore implements EmbeddingStore<TextSegment> {
  private record Entry(float[] vector, TextSegment segment) {}

  private final VectorEntries<Entry> entries = new VectorEntries<>(Entry::vector);
  /** The dimension of every stored vector, -1 when empty; read and written under {@link #entries}' lock. */
  private int dimension = -1;

  /** An empty store. */
  public EmbedlabEmbeddingStore() {}

  /** Number of stored embeddings. */
  public int size() {
    return entries.size();
  }

  @Override
  public String add(Embedding embedding) {
    String id = UUID.randomUUID().toString();
    add(id, embedding);
    return id;
  }

  @Override
  public void add(String id, Embedding embedding) {
    addAll(List.of(ensureNotBlank(id, "id")), List.of(ensureNotNull(embedding, "embedding")), null);
  }

  @Override
  public String add(Embedding embedding, TextSegment segment) {
    String id = UUID.randomUUID().toString();
    addAll(List.of(id), List.of(ensureNotNull(embedding, "embedding")), segment == null ? null : List.of(segment));
    return id;
  }

  @Override
  public List<String> addAll(List<Embedding> embeddings) {
    List<String> ids = generateIds(ensureNotNull(embeddings, "embeddings").size());
    addAll(ids, embeddings, null);
    return ids;
  }

  /**
   * Adds (or replaces) embeddings under the given ids, all or none: every vector is checked first.
   *
   * @param embedded one segment per embedding, or null for none
   * @throws IllegalArgumentException on mismatched sizes, a blank or repeated id, a dimension other
   *     than the store's, or a non-finite vector (naming its index)
   */
  @Override
  public void addAll(List<String> ids, List<Embedding> embeddings, List<TextSegment> embedded) {
    ensureNotNull(ids, "ids");
    ensureNotNull(embeddings, "embeddings");
    if (ids.size() != embeddings.size() || (embedded != null && embedded.size() != embeddings.size())) {
      throw new IllegalArgumentException("ids, embeddings and segments must have the same size; ids=" + ids.size()
          + ", embeddings=" + embeddings.size() + ", segments=" + (embedded == null ? "none" : embedded.size()));
    }
    float[][] rows = new float[embeddings.size()][];
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < rows.length; i++) {
      if (ids.get(i) == null || ids.get(i).isBlank() || !seen.add(ids.get(i))) {
        throw new IllegalArgumentException("ids must be non-blank and unique; ids[" + i + "]=" + ids.get(i));
      }
      if (embeddings.get(i) == null) {
        throw new IllegalArgumentException("embeddings[" + i + "] is null");
      }
      rows[i] = embeddings.get(i).vector().clone();
    }
    entries.write(map -> {
      int dim = dimension >= 0 ? dimension : rows.length == 0 ? -1 : rows[0].length;
      if (rows.length > 0) {
        VectorUtil.checkFiniteRows(rows, dim, "embeddings");
      }
      for (int i = 0; i < rows.length; i++) {
        map.put(ids.get(i), new Entry(rows[i], embedded == null ? null : embedded.get(i)));
      }
      dimension = dim;
    });
  }

  @Override
  public void removeAll(Collection<String> ids) {
    ensureNotEmpty(ids, "ids");
    entries.write(map -> {
      ids.forEach(map::remove);
      forgetDimensionIfEmpty(map);
    });
  }

  @Override
  public void removeAll(Filter filter) {
    ensureNotNull(filter, "filter");
    entries.write(map -> {
      map.values().removeIf(e -> filter.test(metadata(e)));
      forgetDimensionIfEmpty(map);
    });
  }

  @Override
  public void removeAll() {
    entries.write(map -> {
      map.clear();
      forgetDimensionIfEmpty(map);
    });
  }

  /** An emptied store takes the dimension of the next embedding added (a new model). */
  private void forgetDimensionIfEmpty(Map<String, Entry> map) {
    if (map.isEmpty()) {
      dimension = -1;
    }
  }

  // LangChain4j's wording ("id cannot be null or blank"), which its contract tests pin, without its internal API.
  private static <T> T ensureNotNull(T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " cannot be null");
    }
    return value;
  }

  private static String ensureNotBlank(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " cannot be null or blank");
    }
    return value;
  }

  private static void ensureNotEmpty(Collection<?> value, String name) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(name + " cannot be null or empty");
    }
  }

  private static Metadata metadata(Entry e) {
    return e.segment() == null ? new Metadata() : e.segment().metadata();
  }

  /**
   * The best {@code maxResults} matches with a relevance of at least {@code minScore} among the
   * entries the filter admits, best first.
   *
   * @throws IllegalArgumentException if the query vector is not finite or its dimension is not the
   *     store's
   */
  @Override
  public EmbeddingSearchResult<TextSegment> search(EmbeddingSearchRequest request) {
    ensureNotNull(request, "request");
    float[] q = ensureNotNull(request.queryEmbedding(), "queryEmbedding").vector();
    VectorUtil.checkFinite(q, "queryEmbedding");
    Filter filter = request.filter();
    return entries.read(map -> {
      if (map.isEmpty()) {
        return new EmbeddingSearchResult<>(List.of());
      }
      checkDimension(q);
      List<EmbeddingMatch<TextSegment>> matches = new ArrayList<>();
      for (VectorEntries.Match<Entry> m : entries.search(q, request.maxResults(),
          e -> filter == null || filter.test(metadata(e)), RelevanceScore::fromCosineSimilarity)) {
        if (m.score() < request.minScore()) {
          break;
        }
        matches.add(new EmbeddingMatch<>(m.score(), m.id(), Embedding.from(m.entry().vector().clone()),
            m.entry().segment()));
      }
      return new EmbeddingSearchResult<>(matches);
    });
  }

  private void checkDimension(float[] q) {
    if (q.length != dimension) {
      throw new IllegalArgumentException("vector dimensions differ: query has " + q.length
          + "; the store holds " + dimension);
    }
  }

  /**
   * This store as an embedlab {@link Retriever} over a snapshot of its current entries: cosine
   * scores, the same top-k as {@link #search}, reading query vectors. For measuring (bake-off,
   * quality probe) and metering what the application searches; entries added later are not seen.
   *
   * @throws IllegalStateException if the store is empty
   */
  public Retriever asRetriever() {
    return entries.snapshot("langchain4j-store-exact-cosine",
        map -> Provenance.of("embedlab-embedding-store", Map.of("dim", dimension, "documents", map.size())),
        "add embeddings before taking a retriever over it");
  }

  @Override
  public String toString() {
    return "EmbedlabEmbeddingStore[size=" + size() + ", dim=" + dimension + "]";
  }
}

package dev.embedlab.interop.springai;

import dev.embedlab.core.Checks;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.retrieval.Provenance;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.core.retrieval.TopK;
import dev.embedlab.core.retrieval.VectorEntries;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.ai.vectorstore.filter.Filter;

/**
 * An in-memory Spring AI {@link VectorStore} that embeds with an embedlab {@link Embedder} —
 * documents with {@link Embedder.Role#DOCUMENT}, queries with {@link Embedder.Role#QUERY}, so e5/bge
 * prefixes are right — and searches exactly: cosine scores from {@link VectorUtil#cosine}
 * (accumulated in double), selected by core's {@link TopK} (ties broken by id as trec_eval does).
 * embedlab's non-finite policy holds: a document or query vector with a NaN or infinite component is
 * refused, never stored or ranked.
 *
 * <p><b>What is measured is what runs.</b> Give it the embedder the bake-off chose (wrapped in the
 * monitor module's {@code MeteredEmbedder} to meter it); {@link #asRetriever()} is this store as an
 * embedlab {@link Retriever} over the same vectors, for the bake-off, a {@code QualityProbe} or a
 * {@code MeteredRetriever}.
 *
 * <p>Search: {@link SearchRequest#getTopK()} hits, each a copy of the stored document with
 * {@link Document#getScore()} its cosine with the query. {@link SearchRequest#getSimilarityThreshold()}
 * drops hits scoring below it, except {@link SearchRequest#SIMILARITY_THRESHOLD_ACCEPT_ALL} (0.0,
 * the default), which keeps every hit, negative cosines included. Filter expressions are evaluated
 * on the documents' metadata: {@code AND OR NOT == != > >= < <= IN NIN} (see {@link MetadataFilter});
 * others are refused naming the expression. Documents are text only (media documents are refused).
 * Thread-safe (a read-write lock: searches run concurrently). The embedder is not closed here.
 */
public final class EmbedlabVectorStore implements VectorStore {
  private record Entry(float[] vector, Document document) {}

  private final Embedder embedder;
  private final VectorEntries<Entry> entries = new VectorEntries<>(Entry::vector);

  private EmbedlabVectorStore(Embedder embedder) {
    this.embedder = embedder;
  }

  /** An empty store embedding with {@code embedder} (not closed by the store). */
  public static EmbedlabVectorStore of(Embedder embedder) {
    Checks.notNull("embedder", embedder);
    return new EmbedlabVectorStore(embedder);
  }

  /** The embedder of documents and queries. */
  public Embedder embedder() {
    return embedder;
  }

  /** Number of stored documents. */
  public int size() {
    return entries.size();
  }

  /**
   * Embeds and stores (or replaces) the documents, all or none.
   *
   * @throws IllegalArgumentException on a null or media document, a repeated id, or a non-finite
   *     or wrongly sized vector from the embedder (naming the document)
   */
  @Override
  public void add(List<Document> documents) {
    List<String> texts = texts(documents);
    if (texts.isEmpty()) {
      return;
    }
    float[][] v = embedder.embed(texts, Embedder.Role.DOCUMENT);
    if (v.length != texts.size()) {
      throw new IllegalStateException("embedder " + embedder.id() + " returned " + v.length + " vectors for "
          + texts.size() + " texts");
    }
    put(documents, v, "from " + embedder.id());
  }

  /**
   * Stores (or replaces) documents with vectors computed before — the document vectors the
   * bake-off measured, read back from its vector file — without embedding them again; all or none.
   * The vectors must come from {@link #embedder()}'s model (role {@code DOCUMENT}), or searches
   * compare unlike spaces. The rows are copied.
   *
   * @throws IllegalArgumentException on mismatched lengths, a null or media document, a repeated id,
   *     or a non-finite or wrongly sized row (naming the document)
   */
  public void addEmbedded(List<Document> documents, float[][] vectors) {
    List<String> texts = texts(documents);
    if (vectors == null || vectors.length != texts.size()) {
      throw new IllegalArgumentException("need one vector per document; documents=" + texts.size() + ", vectors="
          + (vectors == null ? "null" : vectors.length));
    }
    float[][] copy = new float[vectors.length][];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = vectors[i] == null ? null : vectors[i].clone();
    }
    put(documents, copy, "given to addEmbedded");
  }

  private static List<String> texts(List<Document> documents) {
    Checks.notNull("documents", documents);
    List<String> texts = new ArrayList<>(documents.size());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < documents.size(); i++) {
      Document d = documents.get(i);
      if (d == null || !d.isText()) {
        throw new IllegalArgumentException("documents[" + i + "] must be a text document; got " + d);
      }
      if (!seen.add(d.getId())) {
        throw new IllegalArgumentException("document id '" + d.getId() + "' appears twice (documents[" + i + "])");
      }
      texts.add(d.getText());
    }
    return texts;
  }

  private void put(List<Document> documents, float[][] v, String source) {
    for (int i = 0; i < v.length; i++) {
      check(v[i], "document '" + documents.get(i).getId() + "' vector", source);
    }
    entries.write(map -> {
      for (int i = 0; i < v.length; i++) {
        map.put(documents.get(i).getId(), new Entry(v[i], documents.get(i)));
      }
    });
  }

  /** Dimension and embedlab's non-finite policy; {@code source} says where the vector came from. */
  private void check(float[] v, String name, String source) {
    if (v == null || v.length != embedder.dimension()) {
      throw new IllegalArgumentException(name + " has dimension " + (v == null ? "null" : v.length)
          + "; expected " + embedder.dimension() + " (" + source + ")");
    }
    try {
      VectorUtil.checkFinite(v, name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + " (" + source + ")", e);
    }
  }

  /** Removes the documents with these ids (unknown ids are ignored). */
  @Override
  public void delete(List<String> idList) {
    Checks.notNull("idList", idList);
    entries.write(map -> idList.forEach(map::remove));
  }

  /**
   * Removes the documents whose metadata match the expression.
   *
   * @throws IllegalArgumentException if the expression is null or unsupported (nothing is removed)
   */
  @Override
  public void delete(Filter.Expression filterExpression) {
    Checks.notNull("filterExpression", filterExpression);
    entries.write(map -> {
      List<String> drop = new ArrayList<>();
      for (Map.Entry<String, Entry> e : map.entrySet()) {
        if (MetadataFilter.test(filterExpression, e.getValue().document().getMetadata())) {
          drop.add(e.getKey());
        }
      }
      drop.forEach(map::remove);
    });
  }

  /**
   * The best {@code topK} documents for the request's query among those its filter admits.
   *
   * @throws IllegalArgumentException on a blank query, an unsupported filter, or a non-finite query vector
   */
  @Override
  public List<Document> similaritySearch(SearchRequest request) {
    if (request == null || request.getQuery() == null || request.getQuery().isBlank()) {
      throw new IllegalArgumentException("the search request needs a non-blank query; request=" + request);
    }
    float[] q = embedder.embed(List.of(request.getQuery()), Embedder.Role.QUERY)[0];
    check(q, "query vector", "from " + embedder.id());
    Filter.Expression filter = request.getFilterExpression();
    double threshold = request.getSimilarityThreshold();
    boolean acceptAll = threshold == SearchRequest.SIMILARITY_THRESHOLD_ACCEPT_ALL;
    List<Document> out = new ArrayList<>();
    for (VectorEntries.Match<Entry> m : entries.search(q, request.getTopK(),
        e -> filter == null || MetadataFilter.test(filter, e.document().getMetadata()), c -> c)) {
      if (!acceptAll && m.score() < threshold) {
        break;
      }
      out.add(m.entry().document().mutate().score(m.score()).build());
    }
    return out;
  }

  /**
   * This store as an embedlab {@link Retriever} over a snapshot of its current documents: cosine
   * scores, the same top-k as {@link #similaritySearch}, reading query vectors (embed queries with
   * {@link #embedder()} and {@link Embedder.Role#QUERY}). Documents added later are not seen.
   *
   * @throws IllegalStateException if the store is empty
   */
  public Retriever asRetriever() {
    return entries.snapshot("spring-ai-store-exact-cosine",
        map -> Provenance.of("embedlab-vector-store", Map.of("dim", embedder.dimension(), "embedder", embedder.id())),
        "add documents before taking a retriever over it");
  }

  @Override
  public String toString() {
    return "EmbedlabVectorStore[" + embedder.id() + ", size=" + size() + "]";
  }
}

package dev.embedlab.interop.springai;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.retrieval.OneQuery;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.Retriever;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.ai.document.Document;
import org.springframework.ai.rag.Query;
import org.springframework.ai.rag.retrieval.search.DocumentRetriever;
import org.springframework.ai.rag.retrieval.search.VectorStoreDocumentRetriever;

/**
 * Any embedlab {@link Retriever} — exact or compressed vector search, an HNSW index, BM25 (Nori for
 * Korean), a fusion of retrievers, a reranker over one — as a Spring AI {@link DocumentRetriever},
 * the retrieval step of a {@code RetrievalAugmentationAdvisor}.
 *
 * <p><b>What is measured is what runs.</b> Pass the very {@code Retriever} (and query
 * {@link Embedder}) the bake-off built and scored: the same index, analyser, fusion weights and
 * reranker depth, so production ranks exactly as the report says. Wrap it in the monitor module's
 * {@code MeteredRetriever} (and the embedder in {@code MeteredEmbedder}) first to publish latency,
 * query and empty-result counts from the application.
 *
 * <p>Each {@link Query} is searched with {@link OneQuery}: its text and, when an embedder is given,
 * its vector {@code embedder.embed([text], Role.QUERY)}; a lexical retriever reads the text, a
 * vector index the vector, a fusion both. A retriever returns document
 * ids; texts and metadata come from the caller's lookup ({@link Builder#documents(Function)} or
 * {@link Builder#texts(Map)}). Each returned {@link Document} has the document id as its id, the
 * lookup's text and metadata (file, page, offsets: whatever the caller kept) plus {@value #SCORE},
 * and the retriever's score as {@link Document#getScore()}. Scores are the retriever's own (cosine,
 * BM25, fused, cross-encoder), so {@link Builder#similarityThreshold(double)} is on that scale.
 *
 * <p>A metadata filter in the query context (Spring AI's {@link VectorStoreDocumentRetriever#FILTER_EXPRESSION})
 * is refused: an embedlab retriever ranks the whole corpus it indexed. Neither the retriever nor
 * the embedder is closed by this adapter; it is as thread-safe as they are.
 */
public final class EmbedlabDocumentRetriever implements DocumentRetriever {
  /** Metadata key of the retriever's score in each returned document. */
  public static final String SCORE = "embedlab_score";

  private final Retriever retriever;
  private final Embedder embedder;
  private final Function<String, Document> documents;
  private final int topK;
  private final double similarityThreshold;

  private EmbedlabDocumentRetriever(Builder b) {
    this.retriever = b.retriever;
    this.embedder = b.embedder;
    this.documents = b.documents;
    this.topK = b.topK;
    this.similarityThreshold = b.similarityThreshold;
  }

  /**
   * Starts a builder over {@code retriever}.
   *
   * @param retriever the retriever the bake-off measured (not closed by the adapter)
   */
  public static Builder builder(Retriever retriever) {
    if (retriever == null) {
      throw new IllegalArgumentException("retriever must not be null");
    }
    return new Builder(retriever);
  }

  /** The wrapped retriever. */
  public Retriever retriever() {
    return retriever;
  }

  /**
   * The top {@code topK} documents for the query scoring at least the threshold, best first.
   *
   * @throws IllegalArgumentException if the query is null or blank, carries a filter expression, or
   *     its vector is not finite
   * @throws IllegalStateException if the retriever reads vectors and no embedder was given, or
   *     returns a document the lookup does not know
   */
  @Override
  public List<Document> retrieve(Query query) {
    if (query == null) {
      throw new IllegalArgumentException("query must not be null");
    }
    Object filter = query.context() == null ? null : query.context().get(VectorStoreDocumentRetriever.FILTER_EXPRESSION);
    if (filter != null) {
      throw new IllegalArgumentException("retriever " + retriever.describe().name()
          + " ranks its whole corpus and cannot apply the filter expression " + filter
          + "; use EmbedlabVectorStore with VectorStoreDocumentRetriever for filtered search");
    }
    Ranking r = OneQuery.search(retriever, embedder, query.text(), topK);
    List<Document> out = new ArrayList<>(r.size());
    for (int i = 0; i < r.size() && out.size() < topK && r.score(i) >= similarityThreshold; i++) {
      out.add(document(r.docId(i), r.score(i)));
    }
    return out;
  }

  private Document document(String docId, double score) {
    Document d = documents.apply(docId);
    if (d == null) {
      throw new IllegalStateException("retriever " + retriever.describe().name() + " returned document '" + docId
          + "' which the document lookup does not know; build the lookup from the corpus the retriever indexed");
    }
    Map<String, Object> md = new HashMap<>(d.getMetadata());
    md.put(SCORE, score);
    Document.Builder b = Document.builder().id(docId).metadata(md).score(score);
    return (d.isText() ? b.text(d.getText()) : b.media(d.getMedia())).build();
  }

  @Override
  public String toString() {
    return "EmbedlabDocumentRetriever[" + retriever.describe().name()
        + (embedder == null ? "" : ", query embedder " + embedder.id()) + ", topK=" + topK + "]";
  }

  /** Options of an {@link EmbedlabDocumentRetriever}; the document lookup is required. */
  public static final class Builder {
    private final Retriever retriever;
    private Embedder embedder;
    private Function<String, Document> documents;
    private int topK = 4;
    private double similarityThreshold = Double.NEGATIVE_INFINITY;

    private Builder(Retriever retriever) {
      this.retriever = retriever;
    }

    /**
     * The embedder of query vectors, for retrievers that read vectors (exact, compressed, HNSW, a
     * fusion with a dense input). Leave unset for a purely lexical retriever.
     */
    public Builder embedder(Embedder embedder) {
      this.embedder = embedder;
      return this;
    }

    /** The document of each id, with its metadata; null for an id is an error at retrieval time. */
    public Builder documents(Function<String, Document> lookup) {
      if (lookup == null) {
        throw new IllegalArgumentException("lookup must not be null");
      }
      this.documents = lookup;
      return this;
    }

    /** The documents by id (copied). */
    public Builder documents(Map<String, Document> byId) {
      if (byId == null) {
        throw new IllegalArgumentException("documents map must not be null");
      }
      Map<String, Document> copy = Map.copyOf(byId);
      return documents(copy::get);
    }

    /** Document texts by id, without metadata (copied). */
    public Builder texts(Map<String, String> byId) {
      if (byId == null) {
        throw new IllegalArgumentException("texts map must not be null");
      }
      Map<String, Document> docs = new HashMap<>(byId.size() * 2);
      byId.forEach((id, text) -> {
        if (text == null || text.isBlank()) {
          throw new IllegalArgumentException("text of document '" + id + "' must not be blank");
        }
        docs.put(id, Document.builder().id(id).text(text).build());
      });
      return documents(docs);
    }

    /** Documents returned per query, >= 1 (default 4, as Spring AI's {@code VectorStoreDocumentRetriever}). */
    public Builder topK(int topK) {
      if (topK < 1) {
        throw new IllegalArgumentException("topK must be >= 1; topK=" + topK);
      }
      this.topK = topK;
      return this;
    }

    /** Lowest score kept, on the retriever's own scale (default: keep all). */
    public Builder similarityThreshold(double threshold) {
      if (Double.isNaN(threshold)) {
        throw new IllegalArgumentException("similarityThreshold must not be NaN");
      }
      this.similarityThreshold = threshold;
      return this;
    }

    /**
     * Builds the adapter.
     *
     * @throws IllegalStateException if no document lookup was given
     */
    public EmbedlabDocumentRetriever build() {
      if (documents == null) {
        throw new IllegalStateException("a document lookup is required: call documents(...) or texts(...)");
      }
      return new EmbedlabDocumentRetriever(this);
    }
  }
}

package dev.embedlab.interop.springai;

import dev.embedlab.core.Checks;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.retrieval.LookupRetrieval;
import dev.embedlab.core.retrieval.OneQuery;
import dev.embedlab.core.retrieval.Retriever;
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

  private final LookupRetrieval<Document> setup;

  private EmbedlabDocumentRetriever(LookupRetrieval<Document> setup) {
    this.setup = setup;
  }

  /**
   * Starts a builder over {@code retriever}.
   *
   * @param retriever the retriever the bake-off measured (not closed by the adapter)
   */
  public static Builder builder(Retriever retriever) {
    return new Builder(LookupRetrieval.over(retriever, 4));
  }

  /** The wrapped retriever. */
  public Retriever retriever() {
    return setup.retriever();
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
    Checks.notNull("query", query);
    Object filter = query.context() == null ? null : query.context().get(VectorStoreDocumentRetriever.FILTER_EXPRESSION);
    if (filter != null) {
      throw new IllegalArgumentException("retriever " + setup.retriever().describe().name()
          + " ranks its whole corpus and cannot apply the filter expression " + filter
          + "; use EmbedlabVectorStore with VectorStoreDocumentRetriever for filtered search");
    }
    return setup.retrieve(query.text(), EmbedlabDocumentRetriever::document);
  }

  private static Document document(String docId, double score, Document d) {
    Map<String, Object> md = new HashMap<>(d.getMetadata());
    md.put(SCORE, score);
    Document.Builder b = Document.builder().id(docId).metadata(md).score(score);
    return (d.isText() ? b.text(d.getText()) : b.media(d.getMedia())).build();
  }

  @Override
  public String toString() {
    return setup.describe("EmbedlabDocumentRetriever", "topK");
  }

  /** Options of an {@link EmbedlabDocumentRetriever}; the document lookup is required. */
  public static final class Builder {
    private LookupRetrieval<Document> setup;

    private Builder(LookupRetrieval<Document> setup) {
      this.setup = setup;
    }

    /**
     * The embedder of query vectors, for retrievers that read vectors (exact, compressed, HNSW, a
     * fusion with a dense input). Leave unset for a purely lexical retriever.
     */
    public Builder embedder(Embedder embedder) {
      setup = setup.withEmbedder(embedder);
      return this;
    }

    /** The document of each id, with its metadata; null for an id is an error at retrieval time. */
    public Builder documents(Function<String, Document> lookup) {
      setup = setup.withLookup(lookup);
      return this;
    }

    /** The documents by id (copied). */
    public Builder documents(Map<String, Document> byId) {
      setup = setup.withLookup(byId, "documents map");
      return this;
    }

    /** Document texts by id, without metadata (copied). */
    public Builder texts(Map<String, String> byId) {
      setup = setup.withTexts(byId, (id, text) -> Document.builder().id(id).text(text).build());
      return this;
    }

    /** Documents returned per query, >= 1 (default 4, as Spring AI's {@code VectorStoreDocumentRetriever}). */
    public Builder topK(int topK) {
      setup = setup.withK(topK, "topK");
      return this;
    }

    /** Lowest score kept, on the retriever's own scale (default: keep all). */
    public Builder similarityThreshold(double threshold) {
      setup = setup.withMinScore(threshold, "similarityThreshold");
      return this;
    }

    /**
     * Builds the adapter.
     *
     * @throws IllegalStateException if no document lookup was given
     */
    public EmbedlabDocumentRetriever build() {
      return new EmbedlabDocumentRetriever(setup.requireLookup("call documents(...) or texts(...)"));
    }
  }
}

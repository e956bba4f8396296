package dev.embedlab.interop.langchain4j;

import dev.embedlab.core.Checks;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.retrieval.LookupRetrieval;
import dev.embedlab.core.retrieval.OneQuery;
import dev.embedlab.core.retrieval.Retriever;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.query.Query;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Any embedlab {@link Retriever} — exact or compressed vector search, an HNSW index, BM25 (Nori for
 * Korean), a fusion of retrievers, a reranker over one — as a LangChain4j {@link ContentRetriever},
 * so {@code AiServices.builder(...).contentRetriever(...)} or a {@code DefaultRetrievalAugmentor}
 * answers with it.
 *
 * <p><b>What is measured is what runs.</b> Pass the very {@code Retriever} (and query
 * {@link Embedder}) the bake-off built and scored: the same index, analyser, fusion weights and
 * reranker depth, so production ranks exactly as the report says. Wrap it in the monitor module's
 * {@code MeteredRetriever} (and the embedder in {@code MeteredEmbedder}) first to publish latency,
 * query and empty-result counts from the application.
 *
 * <p>Each {@link Query} is searched with {@link OneQuery}: its text and, when an embedder is given,
 * its vector {@code embedder.embed([text], Role.QUERY)} (e5/bge query prefixes applied by the
 * embedder); a lexical retriever reads the text, a vector index the vector, a fusion both. A retriever returns document ids; the texts and metadata come from the caller's
 * lookup ({@link Builder#segments(Function)} or {@link Builder#texts(Map)}), since an index keeps
 * vectors or postings, not passages. Every {@link Content} carries a {@link TextSegment} whose
 * metadata is the lookup's (file, page, offsets: whatever the caller kept) plus
 * {@value #DOC_ID} and {@value #SCORE}, and the content metadata {@link ContentMetadata#SCORE} and
 * {@link ContentMetadata#EMBEDDING_ID} (the document id).
 *
 * <p>Scores are the retriever's own (a cosine for dense search, a BM25 score, a fused or
 * cross-encoder score), so {@link Builder#minScore(double)} is on that scale, not LangChain4j's
 * 0..1 relevance. Neither the retriever nor the embedder is closed by this adapter; it is as
 * thread-safe as they are.
 */
public final class EmbedlabContentRetriever implements ContentRetriever {
  /** Metadata key of the embedlab document id in each returned segment. */
  public static final String DOC_ID = "embedlab_doc_id";
  /** Metadata key of the retriever's score in each returned segment. */
  public static final String SCORE = "embedlab_score";

  private final LookupRetrieval<TextSegment> setup;

  private EmbedlabContentRetriever(LookupRetrieval<TextSegment> setup) {
    this.setup = setup;
  }

  /**
   * Starts a builder over {@code retriever}.
   *
   * @param retriever the retriever the bake-off measured (not closed by the adapter)
   */
  public static Builder builder(Retriever retriever) {
    return new Builder(LookupRetrieval.over(retriever, 3));
  }

  /** The wrapped retriever. */
  public Retriever retriever() {
    return setup.retriever();
  }

  /**
   * The top {@code maxResults} documents for the query with a score of at least {@code minScore},
   * best first.
   *
   * @throws IllegalArgumentException if the query is null or blank, or its vector is not finite
   * @throws IllegalStateException if the retriever reads vectors and no embedder was given, or
   *     returns a document the lookup does not know
   */
  @Override
  public List<Content> retrieve(Query query) {
    Checks.notNull("query", query);
    return setup.retrieve(query.text(), EmbedlabContentRetriever::content);
  }

  private static Content content(String docId, double score, TextSegment seg) {
    Metadata md = seg.metadata().copy();
    md.put(DOC_ID, docId);
    md.put(SCORE, score);
    Map<ContentMetadata, Object> cm = new EnumMap<>(ContentMetadata.class);
    cm.put(ContentMetadata.SCORE, score);
    cm.put(ContentMetadata.EMBEDDING_ID, docId);
    return Content.from(TextSegment.from(seg.text(), md), cm);
  }

  @Override
  public String toString() {
    return setup.describe("EmbedlabContentRetriever", "maxResults");
  }

  /** Options of an {@link EmbedlabContentRetriever}; the document lookup is required. */
  public static final class Builder {
    private LookupRetrieval<TextSegment> setup;

    private Builder(LookupRetrieval<TextSegment> setup) {
      this.setup = setup;
    }

    /**
     * The embedder of query vectors, for retrievers that read vectors (exact, compressed, HNSW,
     * a fusion with a dense input). Leave unset for a purely lexical retriever.
     */
    public Builder embedder(Embedder embedder) {
      setup = setup.withEmbedder(embedder);
      return this;
    }

    /**
     * The passage of each document id, with its metadata (file, page, offsets). A null answer for
     * an id the retriever returns is an error at retrieval time.
     */
    public Builder segments(Function<String, TextSegment> lookup) {
      setup = setup.withLookup(lookup);
      return this;
    }

    /** The passages by document id (copied). */
    public Builder segments(Map<String, TextSegment> byId) {
      setup = setup.withLookup(byId, "segments map");
      return this;
    }

    /** Passage texts by document id, without metadata (copied). */
    public Builder texts(Map<String, String> byId) {
      setup = setup.withTexts(byId, (id, text) -> TextSegment.from(text));
      return this;
    }

    /** Contents returned per query, >= 1 (default 3, as LangChain4j's own retrievers). */
    public Builder maxResults(int maxResults) {
      setup = setup.withK(maxResults, "maxResults");
      return this;
    }

    /** Lowest score kept, on the retriever's own scale (default: keep all). */
    public Builder minScore(double minScore) {
      setup = setup.withMinScore(minScore, "minScore");
      return this;
    }

    /**
     * Builds the adapter.
     *
     * @throws IllegalStateException if no document lookup was given
     */
    public EmbedlabContentRetriever build() {
      return new EmbedlabContentRetriever(setup.requireLookup("call segments(...) or texts(...)"));
    }
  }
}

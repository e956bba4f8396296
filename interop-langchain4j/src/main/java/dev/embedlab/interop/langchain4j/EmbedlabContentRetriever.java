package dev.embedlab.interop.langchain4j;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.retrieval.OneQuery;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.Retriever;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.query.Query;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
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

  private final Retriever retriever;
  private final Embedder embedder;
  private final Function<String, TextSegment> segments;
  private final int maxResults;
  private final double minScore;

  private EmbedlabContentRetriever(Builder b) {
    this.retriever = b.retriever;
    this.embedder = b.embedder;
    this.segments = b.segments;
    this.maxResults = b.maxResults;
    this.minScore = b.minScore;
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
   * The top {@code maxResults} documents for the query with a score of at least {@code minScore},
   * best first.
   *
   * @throws IllegalArgumentException if the query is null or blank, or its vector is not finite
   * @throws IllegalStateException if the retriever reads vectors and no embedder was given, or
   *     returns a document the lookup does not know
   */
  @Override
  public List<Content> retrieve(Query query) {
    if (query == null) {
      throw new IllegalArgumentException("query must not be null");
    }
    Ranking r = OneQuery.search(retriever, embedder, query.text(), maxResults);
    List<Content> out = new ArrayList<>(r.size());
    for (int i = 0; i < r.size() && out.size() < maxResults; i++) {
      double score = r.score(i);
      if (score < minScore) {
        break; // best first: the rest score lower still
      }
      out.add(content(r.docId(i), score));
    }
    return out;
  }

  private Content content(String docId, double score) {
    TextSegment seg = segments.apply(docId);
    if (seg == null) {
      throw new IllegalStateException("retriever " + retriever.describe().name() + " returned document '" + docId
          + "' which the document lookup does not know; build the lookup from the corpus the retriever indexed");
    }
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
    return "EmbedlabContentRetriever[" + retriever.describe().name()
        + (embedder == null ? "" : ", query embedder " + embedder.id()) + ", maxResults=" + maxResults
        + (minScore == Double.NEGATIVE_INFINITY ? "" : ", minScore=" + minScore) + "]";
  }

  /** Options of an {@link EmbedlabContentRetriever}; the document lookup is required. */
  public static final class Builder {
    private final Retriever retriever;
    private Embedder embedder;
    private Function<String, TextSegment> segments;
    private int maxResults = 3;
    private double minScore = Double.NEGATIVE_INFINITY;

    private Builder(Retriever retriever) {
      this.retriever = retriever;
    }

    /**
     * The embedder of query vectors, for retrievers that read vectors (exact, compressed, HNSW,
     * a fusion with a dense input). Leave unset for a purely lexical retriever.
     */
    public Builder embedder(Embedder embedder) {
      this.embedder = embedder;
      return this;
    }

    /**
     * The passage of each document id, with its metadata (file, page, offsets). A null answer for
     * an id the retriever returns is an error at retrieval time.
     */
    public Builder segments(Function<String, TextSegment> lookup) {
      if (lookup == null) {
        throw new IllegalArgumentException("lookup must not be null");
      }
      this.segments = lookup;
      return this;
    }

    /** The passages by document id (copied). */
    public Builder segments(Map<String, TextSegment> byId) {
      if (byId == null) {
        throw new IllegalArgumentException("segments map must not be null");
      }
      Map<String, TextSegment> copy = Map.copyOf(byId);
      return segments(copy::get);
    }

    /** Passage texts by document id, without metadata (copied). */
    public Builder texts(Map<String, String> byId) {
      if (byId == null) {
        throw new IllegalArgumentException("texts map must not be null");
      }
      Map<String, TextSegment> seg = new HashMap<>(byId.size() * 2);
      byId.forEach((id, text) -> {
        if (text == null || text.isBlank()) {
          throw new IllegalArgumentException("text of document '" + id + "' must not be blank");
        }
        seg.put(id, TextSegment.from(text));
      });
      return segments(seg);
    }

    /** Contents returned per query, >= 1 (default 3, as LangChain4j's own retrievers). */
    public Builder maxResults(int maxResults) {
      if (maxResults < 1) {
        throw new IllegalArgumentException("maxResults must be >= 1; maxResults=" + maxResults);
      }
      this.maxResults = maxResults;
      return this;
    }

    /** Lowest score kept, on the retriever's own scale (default: keep all). */
    public Builder minScore(double minScore) {
      if (Double.isNaN(minScore)) {
        throw new IllegalArgumentException("minScore must not be NaN");
      }
      this.minScore = minScore;
      return this;
    }

    /**
     * Builds the adapter.
     *
     * @throws IllegalStateException if no document lookup was given
     */
    public EmbedlabContentRetriever build() {
      if (segments == null) {
        throw new IllegalStateException("a document lookup is required: call segments(...) or texts(...)");
      }
      return new EmbedlabContentRetriever(this);
    }
  }
}

package dev.embedlab.core.retrieval;

import dev.embedlab.core.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Retrieve, then rerank: a {@link Retriever} decorator that asks the retriever it wraps for each
 * query's top {@code depth} candidates, looks up their texts, scores every (query text, document
 * text) pair with a {@link Reranker} (a cross-encoder), and returns the top {@code k} by reranker
 * score in trec_eval order ({@link Ranking#sorted}: score descending, ties by id descending).
 *
 * <p>The reranker only reorders what the first stage found: a document outside the first stage's
 * top {@code depth} can never be returned, so recall@depth of the inner retriever bounds the
 * recall of the pipeline. A search with {@code k > depth} widens the candidate pool to {@code k}
 * for that call, so it can still return {@code k} hits (the pool is never smaller than what is
 * asked for). Scores returned are the reranker's; the first stage's scores are dropped.
 *
 * <p>Needs query texts (a cross-encoder reads text); the inner retriever gets the same
 * {@link Queries}, so it may read their vectors. {@link #describe()} reports similarity
 * {@link Similarity#CROSS_ENCODER}, the inner retriever's corpus size and memory (the text lookup
 * is the caller's and not counted), and provenance {@code rerank{depth=n}(<reranker>, <inner>)}.
 *
 * <p>Ownership: {@link #close()} closes the inner retriever (this decorates it, as a stream
 * wrapper closes its stream) but not the reranker, a model that is typically shared by several
 * pipelines of a bake-off and closed by whoever opened it; {@link #owningReranker()} is the same
 * pipeline for a reranker opened for it alone, which it closes after the inner retriever. Thread-safe when the inner retriever,
 * the reranker and the text lookup are.
 */
public final class RerankingRetriever implements Retriever, ProvenanceSource {

  private final Retriever inner;
  private final Reranker reranker;
  private final Function<String, String> documentText;
  private final int depth;
  private final boolean ownsReranker;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RerankingRetriever(Retriever inner, Reranker reranker, Function<String, String> documentText,
      int depth, boolean ownsReranker) {
    if (inner == null || reranker == null || documentText == null) {
      throw new IllegalArgumentException("inner, reranker and documentText must not be null; inner=" + inner
          + ", reranker=" + reranker + ", documentText=" + documentText);
    }
    if (depth < 1) {
      throw new IllegalArgumentException("depth (candidates reranked per query) must be >= 1; depth=" + depth);
    }
    this.inner = inner;
    this.reranker = reranker;
    this.documentText = documentText;
    this.depth = depth;
    this.ownsReranker = ownsReranker;
  }

  /**
   * Reranks {@code inner}'s top {@code depth} with {@code reranker}.
   *
   * @param documentText a document's text by id; must answer every id the inner retriever can
   *     return (a missing text fails the search, naming the document)
   * @param depth candidates per query taken from {@code inner} and rescored, >= 1 (and >= the
   *     {@code k} of most searches; a larger {@code k} widens the pool for that search)
   */
  public static RerankingRetriever of(Retriever inner, Reranker reranker,
      Function<String, String> documentText, int depth) {
    return new RerankingRetriever(inner, reranker, documentText, depth, false);
  }

  /** As {@link #of(Retriever, Reranker, Function, int)} with texts from a map id -&gt; text. */
  public static RerankingRetriever of(Retriever inner, Reranker reranker, Map<String, String> documentTexts,
      int depth) {
    Checks.notNull("documentTexts", documentTexts);
    return new RerankingRetriever(inner, reranker, documentTexts::get, depth, false);
  }

  /**
   * The same pipeline (sharing this one's inner retriever, reranker and texts; use one or the
   * other) whose {@link #close()} also closes the reranker, after the inner retriever: for a
   * reranker opened for this pipeline alone.
   */
  public RerankingRetriever owningReranker() {
    return new RerankingRetriever(inner, reranker, documentText, depth, true);
  }

  /** Candidates taken from the inner retriever per query (at least {@code k} in a search). */
  public int depth() {
    return depth;
  }

  /** The first-stage retriever. */
  public Retriever inner() {
    return inner;
  }

  /** The second-stage scorer. */
  public Reranker reranker() {
    return reranker;
  }

  @Override
  public List<Ranking> search(Queries queries, int k) {
    Retriever.checkK(k);
    Checks.notNull("queries", queries);
    ensureOpen();
    List<String> queryTexts = queries.texts(name());
    int pool = Math.max(depth, k);
    List<Ranking> first = inner.search(queries, pool);
    if (first.size() != queries.size()) {
      throw new IllegalStateException(name() + ": inner retriever returned " + first.size()
          + " rankings for " + queries.size() + " queries");
    }
    List<Ranking> out = new ArrayList<>(queries.size());
    for (int q = 0; q < queries.size(); q++) {
      Ranking candidates = first.get(q);
      String qid = queries.id(q);
      if (!qid.equals(candidates.queryId())) {
        throw new IllegalStateException(name() + ": inner retriever answered query "
            + candidates.queryId() + " at position " + q + ", expected " + qid);
      }
      int n = candidates.size();
      String[] ids = new String[n];
      List<String> texts = new ArrayList<>(n);
      for (int r = 0; r < n; r++) {
        ids[r] = candidates.docId(r);
        String t = documentText.apply(ids[r]);
        if (t == null) {
          throw new IllegalArgumentException(name() + ": no text for document " + ids[r] + " (query " + qid
              + ", first-stage rank " + (r + 1) + "); the document-text lookup must cover the inner"
              + " retriever's corpus");
        }
        texts.add(t);
      }
      double[] scores = n == 0 ? new double[0] : reranker.score(queryTexts.get(q), texts);
      if (scores == null || scores.length != n) {
        throw new IllegalStateException(name() + ": reranker " + reranker.id() + " returned "
            + (scores == null ? "null" : scores.length + " scores") + " for " + n + " documents (query " + qid + ")");
      }
      // Ranking.sorted selects with the library's one TopK: trec_eval order, NaN refused.
      out.add(Ranking.sorted(qid, ids, scores, k));
    }
    return out;
  }

  private String name() {
    return "rerank(" + reranker.id() + ",depth=" + depth + ")";
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException(name() + " is closed");
    }
  }

  @Override
  public Description describe() {
    Description d = inner.describe();
    return new Description(name() + " over " + d.name(), Similarity.CROSS_ENCODER, d.documents(),
        d.memoryBytes(), d.bytesPerDocument(), d.buildMillis(), provenance(d.provenance()));
  }

  /** {@code rerank{depth=n}(<reranker's provenance>, <inner retriever's provenance>)}. */
  @Override
  public Provenance provenance() {
    return provenance(inner.describe().provenance());
  }

  private Provenance provenance(Provenance innerProvenance) {
    return Provenance.of("rerank", Map.of("depth", depth), ProvenanceSource.provenanceOf(reranker),
        innerProvenance);
  }

  /**
   * Closes the inner retriever, and the reranker too when this pipeline owns it (see the class
   * doc), even if closing the inner retriever failed. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      inner.close();
    } finally {
      if (ownsReranker) {
        reranker.close();
      }
    }
  }

  @Override
  public String toString() {
    return "RerankingRetriever[" + name() + " over " + inner + "]";
  }
}

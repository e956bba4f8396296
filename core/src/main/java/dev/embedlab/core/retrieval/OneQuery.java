package dev.embedlab.core.retrieval;

import dev.embedlab.core.Checks;
import dev.embedlab.core.Embedder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One question at a time through any {@link Retriever}: what a framework's RAG chain asks
 * (LangChain4j {@code ContentRetriever}, Spring AI {@code DocumentRetriever}). The text always
 * goes in; with an embedder, so does its vector, embedded with {@link Embedder.Role#QUERY} — a
 * lexical retriever reads the text, a vector index the vector, a fusion or reranker both.
 *
 * <p>A retriever returns document ids; the passages and their metadata come from the caller's
 * lookup, since an index keeps vectors or postings, not passages. {@link #retrieve} joins the two
 * (best first, cut at a minimum score, an id the lookup does not know is an error), and
 * {@link #lookup(Map, String)} and {@link #fromTexts} build a lookup from maps, so each framework
 * adapter only says how its own document type is made.
 */
public final class OneQuery {
  private OneQuery() {}

  /**
   * The top {@code k} documents for {@code text}.
   *
   * @param embedder the query embedder the retriever was measured with, or null for a retriever
   *     that reads texts only
   * @throws IllegalArgumentException on a blank text, k &lt; 1, or a non-finite query vector
   *     (naming the embedder and the text)
   * @throws IllegalStateException when the retriever needs vectors and no embedder was given
   *     (saying so), or it answers with other than one ranking
   */
  public static Ranking search(Retriever retriever, Embedder embedder, String text, int k) {
    Checks.notNull("retriever", retriever);
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("the query text must not be blank; text=" + text);
    }
    Retriever.checkK(k);
    String[] ids = {"query"};
    List<String> texts = List.of(text);
    Queries queries;
    try {
      queries = embedder == null ? Queries.ofTexts(ids, texts)
          : Queries.of(ids, texts, embedder.embed(texts, Embedder.Role.QUERY));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("embedder " + embedder.id() + " gave an unusable vector for query '"
          + text + "': " + e.getMessage(), e);
    }
    List<Ranking> rankings;
    try {
      rankings = retriever.search(queries, k);
    } catch (IllegalStateException e) {
      if (embedder == null) { // Queries.vectors(...) names what the retriever needed
        throw new IllegalStateException("retriever " + retriever.describe().name() + " cannot answer: "
            + e.getMessage() + " (give the query embedder the retriever was measured with)", e);
      }
      throw e;
    }
    if (rankings.size() != 1) {
      throw new IllegalStateException("retriever " + retriever.describe().name() + " returned " + rankings.size()
          + " rankings for 1 query");
    }
    return rankings.get(0);
  }

  /** Makes a framework's document from a hit: the id, the retriever's score and what the lookup holds. */
  @FunctionalInterface
  public interface HitMapper<D, R> {
    /** The document to return for {@code docId}, scored {@code score}; {@code found} is never null. */
    R map(String docId, double score, D found);
  }

  /**
   * The top {@code k} documents for {@code text} scoring at least {@code minScore}, best first,
   * each looked up by id and made by {@code mapper}.
   *
   * @param minScore the lowest score kept, on the retriever's own scale (negative infinity keeps all)
   * @throws IllegalStateException as {@link #search}, or when the retriever returns a document
   *     {@code lookup} does not know (naming the retriever and the id)
   */
  public static <D, R> List<R> retrieve(Retriever retriever, Embedder embedder, String text, int k,
      double minScore, Function<String, D> lookup, HitMapper<D, R> mapper) {
    if (Double.isNaN(minScore)) {
      throw new IllegalArgumentException("minScore must not be NaN");
    }
    Ranking r = search(retriever, embedder, text, k);
    List<R> out = new ArrayList<>(Math.min(r.size(), k));
    for (int i = 0; i < r.size() && out.size() < k; i++) {
      double score = r.score(i);
      if (score < minScore) {
        break; // best first: the rest score lower still
      }
      String docId = r.docId(i);
      D found = lookup.apply(docId);
      if (found == null) {
        throw new IllegalStateException("retriever " + retriever.describe().name() + " returned document '" + docId
            + "' which the document lookup does not know; build the lookup from the corpus the retriever indexed");
      }
      out.add(mapper.map(docId, score, found));
    }
    return out;
  }

  /**
   * A lookup over a copy of {@code byId}.
   *
   * @param what names the map in the error ("segments map")
   * @throws IllegalArgumentException if the map is null, or holds a null key or value
   */
  public static <D> Function<String, D> lookup(Map<String, D> byId, String what) {
    if (byId == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    Map<String, D> copy = Map.copyOf(byId);
    return copy::get;
  }

  /**
   * Documents made by {@code make(id, text)} from passage texts by id.
   *
   * @throws IllegalArgumentException if the map is null or a text is null or blank (naming the id)
   */
  public static <D> Map<String, D> fromTexts(Map<String, String> byId, BiFunction<String, String, D> make) {
    if (byId == null) {
      throw new IllegalArgumentException("texts map must not be null");
    }
    Map<String, D> docs = new HashMap<>(byId.size() * 2);
    byId.forEach((id, text) -> {
      if (text == null || text.isBlank()) {
        throw new IllegalArgumentException("text of document '" + id + "' must not be blank");
      }
      docs.put(id, make.apply(id, text));
    });
    return docs;
  }
}

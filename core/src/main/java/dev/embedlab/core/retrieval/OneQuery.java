package dev.embedlab.core.retrieval;

import dev.embedlab.core.Embedder;
import java.util.List;

/**
 * One question at a time through any {@link Retriever}: what a framework's RAG chain asks
 * (LangChain4j {@code ContentRetriever}, Spring AI {@code DocumentRetriever}). The text always
 * goes in; with an embedder, so does its vector, embedded with {@link Embedder.Role#QUERY} — a
 * lexical retriever reads the text, a vector index the vector, a fusion or reranker both.
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
    if (retriever == null) {
      throw new IllegalArgumentException("retriever must not be null");
    }
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
}

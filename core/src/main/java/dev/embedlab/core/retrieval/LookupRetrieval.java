package dev.embedlab.core.retrieval;

import dev.embedlab.core.Checks;
import dev.embedlab.core.Embedder;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What a framework's retrieval step needs to answer one question with an embedlab
 * {@link Retriever}: the retriever, the query embedder it was measured with (null for a lexical
 * retriever), the caller's lookup from document id to the framework's document, how many documents
 * to return and the lowest score kept. An immutable value; the {@code with…} methods validate and
 * return a copy, so the LangChain4j and Spring AI adapters' builders only name their options.
 *
 * @param <D> the framework's document type (a LangChain4j {@code TextSegment}, a Spring AI {@code Document})
 * @param retriever never null
 * @param embedder the query embedder, or null
 * @param lookup document by id, or null until set ({@link #requireLookup})
 * @param k documents per question, >= 1
 * @param minScore lowest score kept, on the retriever's own scale; never NaN
 */
public record LookupRetrieval<D>(Retriever retriever, Embedder embedder, Function<String, D> lookup, int k,
    double minScore) {

  /** Validates every component. */
  public LookupRetrieval {
    Checks.notNull("retriever", retriever);
    Checks.atLeast("k", k, 1);
    if (Double.isNaN(minScore)) {
      throw new IllegalArgumentException("minScore must not be NaN");
    }
  }

  /** A setup over {@code retriever} with no embedder and no lookup, {@code k} documents, keeping every score. */
  public static <D> LookupRetrieval<D> over(Retriever retriever, int k) {
    return new LookupRetrieval<>(retriever, null, null, k, Double.NEGATIVE_INFINITY);
  }

  /** With the query embedder (null for a retriever that reads texts only). */
  public LookupRetrieval<D> withEmbedder(Embedder e) {
    return new LookupRetrieval<>(retriever, e, lookup, k, minScore);
  }

  /**
   * With the lookup of each document id; a null answer for an id the retriever returns is an
   * error at retrieval time.
   */
  public LookupRetrieval<D> withLookup(Function<String, D> byId) {
    Checks.notNull("lookup", byId);
    return new LookupRetrieval<>(retriever, embedder, byId, k, minScore);
  }

  /** With a lookup over a copy of {@code byId}; {@code what} names the map in the error. */
  public LookupRetrieval<D> withLookup(Map<String, D> byId, String what) {
    return withLookup(OneQuery.lookup(byId, what));
  }

  /** With documents made by {@code make(id, text)} from passage texts by id (blank texts refused). */
  public LookupRetrieval<D> withTexts(Map<String, String> byId, BiFunction<String, String, D> make) {
    return withLookup(OneQuery.fromTexts(byId, make), "texts map");
  }

  /** With {@code n} documents per question; {@code option} names the framework's option in the error. */
  public LookupRetrieval<D> withK(int n, String option) {
    if (n < 1) {
      throw new IllegalArgumentException(option + " must be >= 1; " + option + "=" + n);
    }
    return new LookupRetrieval<>(retriever, embedder, lookup, n, minScore);
  }

  /** With the lowest score kept; {@code option} names the framework's option in the error. */
  public LookupRetrieval<D> withMinScore(double min, String option) {
    if (Double.isNaN(min)) {
      throw new IllegalArgumentException(option + " must not be NaN");
    }
    return new LookupRetrieval<>(retriever, embedder, lookup, k, min);
  }

  /**
   * This setup, checked to have a lookup.
   *
   * @param how what the caller should call ("call segments(...) or texts(...)")
   * @throws IllegalStateException if no lookup was set
   */
  public LookupRetrieval<D> requireLookup(String how) {
    if (lookup == null) {
      throw new IllegalStateException("a document lookup is required: " + how);
    }
    return this;
  }

  /**
   * The top {@link #k()} documents for {@code text} scoring at least {@link #minScore()}, best first,
   * as {@link OneQuery#retrieve} finds them.
   *
   * @throws IllegalStateException if no lookup was set, or as {@link OneQuery#retrieve}
   */
  public <R> List<R> retrieve(String text, OneQuery.HitMapper<D, R> mapper) {
    requireLookup("set one before retrieving");
    return OneQuery.retrieve(retriever, embedder, text, k, minScore, lookup, mapper);
  }

  /** {@code name[retriever, query embedder id, option=k]} for an adapter's {@code toString}. */
  public String describe(String name, String option) {
    return name + "[" + retriever.describe().name() + (embedder == null ? "" : ", query embedder " + embedder.id())
        + ", " + option + "=" + k + (minScore == Double.NEGATIVE_INFINITY ? "" : ", minScore=" + minScore) + "]";
  }
}

package dev.embedlab.core.retrieval;

import dev.embedlab.core.Checks;
import dev.embedlab.core.Embedders;
import dev.embedlab.core.VectorUtil;
import java.util.List;

/**
 * What a {@link Retriever} is given: query ids, and their texts and/or vectors. A lexical
 * retriever reads the texts, a vector index the vectors, a fusion or reranker passes both on.
 * Immutable view: the arrays are not copied (vectors are large), so callers must not change them
 * after handing them in.
 */
public final class Queries {
  private final String[] ids;
  private final List<String> texts;
  private final float[][] vectors;

  private Queries(String[] ids, List<String> texts, float[][] vectors) {
    Checks.notNull("ids", ids);
    java.util.HashSet<String> seen = new java.util.HashSet<>(ids.length * 2);
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == null || !seen.add(ids[i])) {
        throw new IllegalArgumentException("query ids must be non-null and unique; ids[" + i + "]=" + ids[i]);
      }
    }
    if (texts != null) {
      if (texts.size() != ids.length) {
        throw new IllegalArgumentException("texts must have one entry per id; " + texts.size() + "!=" + ids.length);
      }
      Embedders.checkTexts(texts, dev.embedlab.core.Embedder.Role.QUERY);
    }
    if (vectors != null) {
      if (vectors.length != ids.length) {
        throw new IllegalArgumentException("vectors must have one row per id; " + vectors.length + "!=" + ids.length);
      }
      if (vectors.length > 0) {
        VectorUtil.checkFiniteRows(vectors, vectors[0] == null ? 0 : vectors[0].length, "queries");
      }
    }
    if (texts == null && vectors == null) {
      throw new IllegalArgumentException("queries need texts, vectors or both; got neither");
    }
    this.ids = ids;
    this.texts = texts == null ? null : List.copyOf(texts);
    this.vectors = vectors;
  }

  /** Queries with texts only (lexical retrievers, or retrievers that embed for themselves). */
  public static Queries ofTexts(String[] ids, List<String> texts) {
    return new Queries(ids, texts, null);
  }

  /** Queries with vectors only. */
  public static Queries ofVectors(String[] ids, float[][] vectors) {
    return new Queries(ids, null, vectors);
  }

  /** Queries with both. */
  public static Queries of(String[] ids, List<String> texts, float[][] vectors) {
    return new Queries(ids, texts, vectors);
  }

  /** Number of queries. */
  public int size() {
    return ids.length;
  }

  /** The id of query {@code q}. */
  public String id(int q) {
    return ids[q];
  }

  /** The ids (the array given; do not modify). */
  public String[] ids() {
    return ids;
  }

  /** Whether texts were given. */
  public boolean hasTexts() {
    return texts != null;
  }

  /** Whether vectors were given. */
  public boolean hasVectors() {
    return vectors != null;
  }

  /**
   * The texts.
   *
   * @throws IllegalStateException naming {@code who} needs them, when none were given
   */
  public List<String> texts(String who) {
    if (texts == null) {
      throw new IllegalStateException(who + " needs query texts; these queries have vectors only");
    }
    return texts;
  }

  /**
   * The vectors (the array given; do not modify).
   *
   * @throws IllegalStateException naming {@code who} needs them, when none were given
   */
  public float[][] vectors(String who) {
    if (vectors == null) {
      throw new IllegalStateException(who + " needs query vectors; these queries have texts only");
    }
    return vectors;
  }

  /** The same queries with vectors (e.g. after embedding the texts). */
  public Queries withVectors(float[][] v) {
    return new Queries(ids, texts, v);
  }
}

package dev.embedlab.core.retrieval;

import dev.embedlab.core.Checks;
import java.util.List;

/**
 * Builds a {@link Retriever} over a corpus: exact float32 search, a compressed index, an ANN index,
 * BM25 — any implementation of the retrieval seam. A bake-off times the call as the index build and
 * reads the retriever's {@link Retriever#describe()} for its memory and bytes per document.
 * Implementations are found by name through {@link IndexSpecProvider}.
 */
@FunctionalInterface
public interface IndexFactory {

  /**
   * What a retriever is built from: ids, texts, vectors and a thread budget, nothing else.
   *
   * @param ids the document ids, in corpus order
   * @param texts their texts (for a BEIR corpus {@code title + " " + text}), same order and length
   * @param vectors their vectors from the candidate's embedder, same order, or {@code null} for a
   *     candidate without one (lexical)
   * @param threads worker threads the caller allows for building and searching, {@code >= 1}
   */
  record Input(String[] ids, List<String> texts, float[][] vectors, int threads) {
    /**
     * Validates the shapes.
     *
     * @throws IllegalArgumentException when ids or texts are null, their counts differ from each
     *     other or from the vectors', or {@code threads < 1}
     */
    public Input {
      if (ids == null || texts == null) {
        throw new IllegalArgumentException("ids and texts must not be null; ids=" + (ids == null ? "null" : ids.length)
            + ", texts=" + (texts == null ? "null" : texts.size()));
      }
      if (texts.size() != ids.length || vectors != null && vectors.length != ids.length) {
        throw new IllegalArgumentException("ids, texts and vectors must have one entry per document; ids=" + ids.length
            + ", texts=" + texts.size() + ", vectors=" + (vectors == null ? "none" : vectors.length));
      }
      Checks.atLeast("threads", threads, 1);
    }

    /**
     * The vectors.
     *
     * @throws IllegalStateException naming {@code who}, for a candidate that has no embedder
     */
    public float[][] requireVectors(String who) {
      if (vectors == null) {
        throw new IllegalStateException(who + " indexes vectors, but this candidate has no embedder");
      }
      return vectors;
    }
  }

  /** Builds the retriever; the caller closes it. */
  Retriever build(Input in);
}

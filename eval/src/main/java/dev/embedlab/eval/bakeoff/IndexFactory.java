package dev.embedlab.eval.bakeoff;

import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.data.Document;
import dev.embedlab.eval.search.ExactSearch;
import java.util.List;

/**
 * Builds a candidate's {@link Retriever} over the bake-off's corpus: exact float32 search, a
 * compressed index, an ANN index, BM25 — any implementation of the retrieval seam. The bake-off
 * times the call as the index build and reads the retriever's {@link Retriever#describe()} for
 * its memory and bytes per document.
 */
@FunctionalInterface
public interface IndexFactory {

  /**
   * What a retriever is built from.
   *
   * @param documents the corpus, in data set order
   * @param ids their ids
   * @param texts their texts ({@link Document#titleAndText()})
   * @param vectors their vectors from the candidate's embedder, or {@code null} for a candidate
   *     without one (lexical)
   * @param threads worker threads the bake-off allows for search
   */
  record Input(List<Document> documents, String[] ids, List<String> texts, float[][] vectors, int threads) {
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

  /** Builds the retriever; the bake-off closes it. */
  Retriever build(Input in);

  /** Exact float32 inner-product search (BLAS where available): the reference every index is judged by. */
  static IndexFactory exactFloat32() {
    return in -> ExactSearch.builder().threads(Math.max(1, in.threads())).build()
        .retriever(in.ids(), in.requireVectors("exact search"));
  }
}

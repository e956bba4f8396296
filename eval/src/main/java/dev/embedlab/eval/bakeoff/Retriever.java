package dev.embedlab.eval.bakeoff;

import dev.embedlab.eval.data.Query;
import dev.embedlab.eval.data.Run;
import java.util.List;

/**
 * Queries in, ranked hits out: what a non-embedder bake-off candidate (BM25, a remote search
 * service) provides once its corpus is indexed. A later version moves this shape to core as the
 * general retriever interface; here it is the smallest thing the bake-off needs.
 */
@FunctionalInterface
public interface Retriever extends AutoCloseable {

  /**
   * The top {@code k} documents of each query, in trec_eval order (one list per query, possibly
   * empty).
   */
  Run retrieve(List<Query> queries, int k);

  /**
   * Bytes the index occupies (in memory or on disk), or {@code -1} when not measurable; reports
   * print "n/a" then.
   */
  default long indexBytes() {
    return -1;
  }

  /** Releases the index; default: nothing to release. */
  @Override
  default void close() {}
}

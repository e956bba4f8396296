package dev.embedlab.ann;

import dev.embedlab.core.Checks;
import dev.embedlab.core.retrieval.Similarity;
import dev.embedlab.core.VectorUtil;

/**
 * The options every graph index of this module shares — similarity, {@code M}, the build beam
 * ({@code efConstruction}), the default query beam ({@code efSearch}) and threads — taken alike by
 * {@link LuceneHnswRetriever.Builder} and {@link JVectorRetriever.Builder}, so the two graphs are
 * configured, validated and described with the same words. Each graph keeps its own limit on
 * {@code M} (Lucene 512, jvector 256). Defaults: dot product, {@code M} 16, beam 100, candidates 100,
 * one thread.
 *
 * @param <B> the concrete builder, returned by the setters for chaining
 */
public abstract class GraphIndexOptions<B extends GraphIndexOptions<B>> {
  /** The largest build beam either graph accepts (Lucene's {@code MAXIMUM_BEAM_WIDTH}). */
  static final int MAX_BEAM_WIDTH = 3200;

  private final int maxConnLimit;
  private Similarity similarity = Similarity.DOT_PRODUCT;
  private int maxConn = 16;
  private int beamWidth = 100;
  private int candidates = 100;
  private int threads = 1;

  GraphIndexOptions(int maxConnLimit) {
    this.maxConnLimit = maxConnLimit;
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /**
   * {@link Similarity#DOT_PRODUCT} (the corpus vectors must be unit length, checked at build) or
   * {@link Similarity#COSINE}; default dot product.
   */
  public final B similarity(Similarity s) {
    if (s != Similarity.DOT_PRODUCT && s != Similarity.COSINE) {
      throw new IllegalArgumentException("similarity must be DOT_PRODUCT or COSINE; similarity=" + s);
    }
    this.similarity = s;
    return self();
  }

  /** HNSW's {@code M} (the bottom layer keeps up to {@code 2·M} links per node), from 1 to the graph's limit; default 16. */
  public final B maxConn(int m) {
    if (m < 1 || m > maxConnLimit) {
      throw new IllegalArgumentException("maxConn must be in [1, " + maxConnLimit + "]; maxConn=" + m);
    }
    this.maxConn = m;
    return self();
  }

  /** Beam of the search that inserts each node ({@code efConstruction}), 1..3200; default 100. */
  public final B beamWidth(int b) {
    if (b < 1 || b > MAX_BEAM_WIDTH) {
      throw new IllegalArgumentException("beamWidth must be in [1, " + MAX_BEAM_WIDTH + "]; beamWidth=" + b);
    }
    this.beamWidth = b;
    return self();
  }

  /** Default query-time beam ({@code efSearch}, raised to k when smaller), >= 1; default 100. */
  public final B candidates(int c) {
    this.candidates = Checks.atLeast("candidates", c, 1);
    return self();
  }

  /** Threads one batch is searched with (queries split between them; jvector also builds with them); default 1. */
  public final B threads(int t) {
    this.threads = Checks.atLeast("threads", t, 1);
    return self();
  }

  final Similarity similarity() {
    return similarity;
  }

  final int maxConn() {
    return maxConn;
  }

  final int beamWidth() {
    return beamWidth;
  }

  final int candidates() {
    return candidates;
  }

  final int threads() {
    return threads;
  }

  /**
   * For dot product, refuses a row that is not unit length (both graphs score {@code (1+dot)/2});
   * {@code graph} names the library in the message.
   */
  final void checkUnitForDotProduct(String graph, String[] ids, float[][] vectors) {
    if (similarity != Similarity.DOT_PRODUCT) {
      return;
    }
    for (int i = 0; i < vectors.length; i++) {
      double n = VectorUtil.norm(vectors[i]);
      if (Math.abs(n - 1) > 1e-3) {
        throw new IllegalArgumentException("DOT_PRODUCT needs unit vectors (" + graph + " scores (1+dot)/2);"
            + " vectors[" + i + "] (" + ids[i] + ") has norm " + n + "; normalise or use COSINE");
      }
    }
  }
}

package dev.embedlab.ann;

import dev.embedlab.core.retrieval.Provenance;
import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.Similarity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The frame both graph indexes of this module share ({@link LuceneHnswRetriever},
 * {@link JVectorRetriever}): a batch of queries is checked, split into ranges over the search
 * threads ({@link QueryRanges#graphSearch}) and timed; the default beam is the build's
 * {@code candidates}; the last batch's latency is kept; {@link #close()} is idempotent and every
 * later call fails naming the class; both describe themselves by M, build beam and default beam. A
 * subclass searches one range of queries and releases what it holds.
 */
abstract class GraphRetriever implements AnnRetriever {
  private final String who;
  private final String threadName;
  private final int docs;
  private final int dim;
  private final int candidates;
  private final int threads;
  private volatile LatencyStats lastLatency = LatencyStats.NONE;
  private volatile boolean closed;

  GraphRetriever(String who, String threadName, int docs, int dim, int candidates, int threads) {
    this.who = who;
    this.threadName = threadName;
    this.docs = docs;
    this.dim = dim;
    this.candidates = candidates;
    this.threads = threads;
  }

  /**
   * Searches queries {@code from} (inclusive) to {@code to} (exclusive) with beam {@code cand},
   * writing each ranking to {@code out[q]} and its time to {@code nanos[q]}.
   */
  abstract void searchRange(Queries queries, float[][] qv, int k, int cand, int from, int to, Ranking[] out,
      long[] nanos);

  /** Releases what the index holds; called once, by the first {@link #close()}. */
  abstract void release();

  @Override
  public final List<Ranking> search(Queries queries, int k) {
    return search(queries, k, candidates);
  }

  @Override
  public final List<Ranking> search(Queries queries, int k, int candidates) {
    checkOpen();
    QueryRanges.Batch b = QueryRanges.graphSearch(who, threadName, queries, k, candidates, dim, docs, threads,
        (qv, kk, cand, from, to, out, nanos) -> searchRange(queries, qv, kk, cand, from, to, out, nanos));
    lastLatency = b.latency();
    return b.rankings();
  }

  @Override
  public final int defaultEffort() {
    return candidates;
  }

  @Override
  public final LatencyStats lastLatency() {
    return lastLatency;
  }

  /** The graph's name in reports: {@code <prefix>(M=…,beam=…,ef=…)}, with the default beam as {@code ef}. */
  final String graphName(String prefix, int maxConn, int beamWidth) {
    return prefix + "(M=" + maxConn + ",beam=" + beamWidth + ",ef=" + candidates + ")";
  }

  /**
   * The graph's provenance of kind {@code kind}: M, build beam, default beam, similarity and
   * dimension, as every graph index has them, plus the index's {@code own} parameters.
   */
  final Provenance graphProvenance(String kind, Similarity similarity, int maxConn, int beamWidth,
      Map<String, ?> own) {
    Map<String, Object> pm = new LinkedHashMap<>();
    pm.put("maxConn", maxConn);
    pm.put("beamWidth", beamWidth);
    pm.put("candidates", candidates);
    pm.put("similarity", similarity);
    pm.put("dimension", dim);
    pm.putAll(own);
    return Provenance.of(kind, pm);
  }

  /** @throws IllegalStateException after {@link #close()} */
  final void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this " + who + " is closed");
    }
  }

  @Override
  public final void close() {
    if (closed) {
      return;
    }
    closed = true;
    release();
  }
}

package dev.embedlab.ann;

import dev.embedlab.core.Checks;
import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.Retriever;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Splits {@code [0, n)} queries into contiguous ranges, one per thread (a daemon pool created and
 * shut down by the call), so the ANN indexes search batches in parallel the same way. Each range
 * writes only its own slots of the caller's output arrays: no locks.
 */
final class QueryRanges {
  private QueryRanges() {}

  /** The body run for queries {@code [from, to)}. */
  @FunctionalInterface
  interface Body {
    void run(int from, int to);
  }

  /** A graph index's search of queries {@code [from, to)}: {@code k} hits from {@code cand} candidates each. */
  @FunctionalInterface
  interface GraphRange {
    void run(float[][] qv, int k, int cand, int from, int to, Ranking[] out, long[] nanos);
  }

  /** A searched batch: rankings in query order and the per-query latency. */
  record Batch(List<Ranking> rankings, LatencyStats latency) {}

  /**
   * The batch frame the graph indexes share: checks {@code k} and {@code candidates}, reads the
   * query vectors (of {@code dim} components) for {@code who}, clamps {@code k} to the corpus and
   * the candidates to {@code [k, docs]}, runs {@code range} on {@code threads} threads named
   * {@code name} and summarises the per-query times.
   */
  static Batch graphSearch(String who, String name, Queries queries, int k, int candidates, int dim, int docs,
      int threads, GraphRange range) {
    Retriever.checkK(k);
    Checks.atLeast("candidates", candidates, 1);
    float[][] qv = queries.vectors(who);
    AnnFiles.checkQueryDim(qv, dim);
    int kk = Math.min(k, docs);
    int cand = Math.min(Math.max(candidates, kk), docs);
    Ranking[] out = new Ranking[qv.length];
    long[] nanos = new long[qv.length];
    run(qv.length, threads, name, (from, to) -> range.run(qv, kk, cand, from, to, out, nanos));
    return new Batch(List.of(out), LatencyStats.ofNanos(nanos));
  }

  /** Runs {@code body} over {@code [0, n)} on at most {@code threads} threads named {@code name}. */
  static void run(int n, int threads, String name, Body body) {
    int t = Math.min(threads, Math.max(1, n));
    if (t == 1) {
      body.run(0, n);
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(t, r -> {
      Thread th = new Thread(r, name);
      th.setDaemon(true);
      return th;
    });
    try {
      List<Future<?>> fs = new ArrayList<>();
      int chunk = (n + t - 1) / t;
      for (int s = 0; s < n; s += chunk) {
        int from = s;
        int to = Math.min(n, s + chunk);
        fs.add(pool.submit(() -> body.run(from, to)));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while searching", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}

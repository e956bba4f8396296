package dev.embedlab.ann;

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

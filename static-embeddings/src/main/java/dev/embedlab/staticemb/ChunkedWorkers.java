package dev.embedlab.staticemb;

import dev.embedlab.core.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A fixed pool of worker threads (none for one thread) and a parallel loop over fixed contiguous chunks
 * {@code [n·k/T, n·(k+1)/T)}: which chunk does what never depends on scheduling, so results combined in
 * chunk order are deterministic for a given thread count. Owned by a training run or an embedder;
 * {@link #close()} stops the threads.
 */
final class ChunkedWorkers implements AutoCloseable {
  private final int threads;
  private final ExecutorService pool;

  ChunkedWorkers(int threads, String name) {
    this.threads = Checks.atLeast("threads", threads, 1);
    this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  int threads() {
    return threads;
  }

  /** The body of one chunk. */
  interface Chunk {
    void run(int chunk, int from, int to);
  }

  /** Runs {@code body} on the {@code threads} fixed chunks of {@code [0, n)} and waits for all. */
  void forChunks(int n, Chunk body) {
    if (pool == null) {
      body.run(0, 0, n);
      return;
    }
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int k = 0; k < threads; k++) {
      int chunk = k;
      int from = (int) ((long) n * k / threads);
      int to = (int) ((long) n * (k + 1) / threads);
      tasks.add(() -> {
        body.run(chunk, from, to);
        return null;
      });
    }
    try {
      for (Future<Void> f : pool.invokeAll(tasks)) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for worker threads", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("worker thread failed: " + c, c);
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}

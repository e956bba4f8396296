package dev.embedlab.spark;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.UsageReporting;
import dev.embedlab.core.UsageReporting.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One embedder per {@link EmbedderSpec#key() spec} per JVM: built lazily by the first task that
 * needs it, then shared by every later partition, task and job in this executor (concurrent tasks
 * call one thread-safe {@code OnnxEmbedder}), and closed when the executor shuts down.
 *
 * <p><b>Why not a {@code TaskContext} completion listener.</b> A task listener fires when each task
 * ends; closing there would reload the model (seconds, hundreds of MB) for every partition, which is
 * exactly the cost this registry exists to avoid. The embedder's lifetime is the executor's, so it
 * is closed at executor shutdown: by {@link EmbedlabSparkPlugin}'s executor plugin
 * ({@code spark.plugins=dev.embedlab.spark.EmbedlabSparkPlugin}), which Spark calls when the
 * executor stops, and otherwise by a JVM shutdown hook registered with the first embedder (an
 * executor that is killed outright frees its native memory with its process either way).
 *
 * <p><b>Usage per job.</b> Counters of a shared embedder are global to the executor, so a task
 * cannot read "its" tokens by a before/after difference while other tasks run. Instead each task,
 * when its partition is done, {@link Entry#drain() drains} what the embedder counted since the
 * last drain into the job's accumulators. Every embed call happens inside some task that drains
 * after the call returns, so when a job ends all of its work has been drained, exactly once; jobs
 * that run one after another on the same executor are attributed exactly, jobs that run
 * concurrently on one spec may exchange counts between them (their sum stays exact).
 */
public final class ExecutorEmbedders {
  private static final ConcurrentHashMap<String, Entry> ENTRIES = new ConcurrentHashMap<>();
  private static final AtomicBoolean HOOK = new AtomicBoolean();

  private ExecutorEmbedders() {}

  /** An executor's embedder, how long it took to build, and its undrained usage. */
  public static final class Entry {
    private final Embedder embedder;
    private final long loadNanos;
    private Usage drained = Usage.NONE;
    private boolean loadReported;

    private Entry(Embedder embedder, long loadNanos) {
      this.embedder = embedder;
      this.loadNanos = loadNanos;
    }

    /** The shared embedder. */
    public Embedder embedder() {
      return embedder;
    }

    /**
     * Usage counted since the previous drain (zeros when the embedder does not count), plus, on the
     * first drain only, the build time in nanoseconds.
     */
    synchronized Drained drain() {
      Usage now = UsageReporting.usageOf(embedder).orElse(Usage.NONE);
      Usage d = new Usage(now.texts() - drained.texts(), now.tokens() - drained.tokens(),
          now.truncatedTexts() - drained.truncatedTexts(), now.batches() - drained.batches());
      drained = now;
      long load = loadReported ? 0 : loadNanos;
      loadReported = true;
      return new Drained(d, load);
    }
  }

  /** What one drain returned. */
  record Drained(Usage usage, long loadNanos) {}

  /**
   * This JVM's embedder for {@code spec}, built on first use. Concurrent first calls build it once
   * (the others wait); a failed build is not cached, so the next task tries again and fails with the
   * same message.
   */
  public static Entry acquire(EmbedderSpec spec) {
    Entry e = ENTRIES.get(spec.key());
    if (e != null) {
      return e;
    }
    registerHook();
    return ENTRIES.computeIfAbsent(spec.key(), k -> {
      long t = System.nanoTime();
      Embedder built = spec.create();
      return new Entry(built, System.nanoTime() - t);
    });
  }

  /** Number of embedders alive in this JVM. */
  public static int size() {
    return ENTRIES.size();
  }

  /**
   * Closes and forgets every embedder of this JVM (executor shutdown). Idempotent.
   *
   * @return how many were closed
   */
  public static int closeAll() {
    List<Entry> all = new ArrayList<>();
    for (String k : new ArrayList<>(ENTRIES.keySet())) {
      Entry e = ENTRIES.remove(k);
      if (e != null) {
        all.add(e);
      }
    }
    RuntimeException first = null;
    for (Entry e : all) {
      try {
        e.embedder.close();
      } catch (RuntimeException ex) {
        if (first == null) {
          first = ex;
        } else {
          first.addSuppressed(ex);
        }
      }
    }
    if (first != null) {
      throw new IllegalStateException("closing " + all.size() + " executor embedders failed", first);
    }
    return all.size();
  }

  private static void registerHook() {
    if (HOOK.compareAndSet(false, true)) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          closeAll();
        } catch (RuntimeException ignored) {
          // the process is ending: native memory goes with it
        }
      }, "embedlab-executor-embedders-close"));
    }
  }
}

package dev.embedlab.bakeoff;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.models.CachingEmbedder;
import java.util.ArrayList;
import java.util.List;

/**
 * Speed and latency of a candidate whose vectors may come from a cache, measured on real model
 * calls: a cache hit costs microseconds and would report cache reads as model speed. The corpus
 * rate is the time of embedding a fixed sample of {@value #DOCUMENTS} documents (evenly spaced over
 * the corpus, so the same sample every run) through the uncached model, after one untimed warm-up
 * call; latency is timed on the uncached model too. When no uncached model can be reached, speed
 * and latency are unknown: reports say "cached: not measured" and the recommendation leaves them
 * out. Every candidate's {@link #PROPERTY} property says which it was.
 */
public final class SpeedSample {
  /** The provenance property naming where speed and latency came from. */
  public static final String PROPERTY = "speedSource";
  /** Documents timed through the uncached model. */
  public static final int DOCUMENTS = 64;
  /** The value of {@link #PROPERTY} when the speed could not be measured. */
  public static final String NOT_MEASURED = "cached: not measured";

  /**
   * Lets a wrapper that caches vectors hand out the model behind it, so the bake-off can time
   * real model calls.
   */
  public interface UncachedModel {
    /** The model itself, without the cache (owned by this wrapper: do not close it). */
    Embedder uncachedModel();
  }

  private SpeedSample() {}

  /** The model behind a caching embedder, or null when {@code e} offers none. */
  static Embedder uncached(Embedder e) {
    if (e instanceof CachingEmbedder c) {
      return c.delegate();
    }
    return e instanceof UncachedModel u ? u.uncachedModel() : null;
  }

  /** {@code min(n, size)} indices evenly spaced over {@code [0, n)}, the same every run. */
  static int[] sample(int n, int size) {
    int m = Math.min(n, size);
    int[] out = new int[m];
    for (int i = 0; i < m; i++) {
      out[i] = (int) ((long) i * n / m);
    }
    return out;
  }

  /** Documents per second of {@code model} on the fixed sample, embedded in chunks; 0 for no documents. */
  static double docsPerSecond(Embedder model, List<String> docs, int chunk) {
    int[] idx = sample(docs.size(), DOCUMENTS);
    if (idx.length == 0) {
      return 0;
    }
    List<String> texts = new ArrayList<>(idx.length);
    for (int i : idx) {
      texts.add(docs.get(i));
    }
    model.embed(List.of(texts.get(0)), Role.DOCUMENT); // one-off work of a model the cache kept idle
    long t = System.nanoTime();
    for (int i = 0; i < texts.size(); i += chunk) {
      model.embed(texts.subList(i, Math.min(texts.size(), i + chunk)), Role.DOCUMENT);
    }
    double s = (System.nanoTime() - t) / 1e9;
    return s > 0 ? texts.size() / s : 0;
  }

  /** What {@link #PROPERTY} says for a sample of {@code documents} documents and {@code queries} latency queries. */
  static String measuredOn(int documents, int queries) {
    return "measured on " + documents + " uncached document calls and " + queries + " uncached queries";
  }

  /** Whether the candidate's speed and latency are model figures (not unknown because of a cache). */
  public static boolean known(CandidateResult c) {
    return !NOT_MEASURED.equals(c.info().properties().get(PROPERTY));
  }

  /**
   * What a report adds after a candidate's docs/s: {@code ""} for a run without cache, {@code " (cached: not
   * measured)"} when unknown, {@code " (uncached sample)"} when timed on a sample.
   */
  public static String marker(CandidateResult c) {
    String s = c.info().properties().get(PROPERTY);
    if (s == null) {
      return "";
    }
    return NOT_MEASURED.equals(s) ? " (" + NOT_MEASURED + ")" : " (uncached sample)";
  }
}

package dev.embedlab.store;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedders;
import dev.embedlab.core.Fingerprinted;
import dev.embedlab.core.UsageReporting;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fast deterministic test embedder: feature hashing of lower-cased word tokens into {@code dim}
 * signed buckets, L2-normalised (a bag-of-words vector; texts sharing words have positive cosine).
 * Texts longer than {@code maxTokens} tokens are truncated and counted, like a real model.
 * Optional {@code delayMillis} per call makes runs slow enough to be killed mid-way.
 */
public final class HashEmbedder implements Embedder, Fingerprinted, UsageReporting {
  private final int dim;
  private final int maxTokens;
  private final long delayMillis;
  private final AtomicLong texts = new AtomicLong();
  private final AtomicLong tokens = new AtomicLong();
  private final AtomicLong truncated = new AtomicLong();
  private final AtomicLong batches = new AtomicLong();

  public HashEmbedder(int dim, int maxTokens, long delayMillis) {
    this.dim = dim;
    this.maxTokens = maxTokens;
    this.delayMillis = delayMillis;
  }

  public HashEmbedder(int dim) {
    this(dim, 64, 0);
  }

  @Override
  public float[][] embed(List<String> in, Role role) {
    Embedders.checkTexts(in, role);
    if (delayMillis > 0) {
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    float[][] out = new float[in.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = vector(in.get(i));
    }
    batches.incrementAndGet();
    texts.addAndGet(in.size());
    return out;
  }

  /** The vector of one text (the same whatever the batch). */
  public float[] vector(String text) {
    float[] v = new float[dim];
    String[] toks = text.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{N}]+");
    int used = 0;
    for (String t : toks) {
      if (t.isEmpty()) {
        continue;
      }
      if (used == maxTokens) {
        truncated.incrementAndGet();
        break;
      }
      used++;
      long h = mix(t.hashCode() * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
      v[(int) Long.remainderUnsigned(h, dim)] += (h & (1L << 40)) == 0 ? 1f : -1f;
    }
    tokens.addAndGet(used);
    double n = 0;
    for (float f : v) {
      n += f * f;
    }
    if (n == 0) {
      v[0] = 1f; // empty text: a fixed unit vector
      return v;
    }
    float inv = (float) (1 / Math.sqrt(n));
    for (int j = 0; j < dim; j++) {
      v[j] *= inv;
    }
    return v;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  @Override
  public int dimension() {
    return dim;
  }

  @Override
  public String id() {
    return "hash-" + dim;
  }

  @Override
  public String fingerprint() {
    return "hash-embedder;dim=" + dim + ";maxTokens=" + maxTokens;
  }

  @Override
  public Usage usage() {
    return new Usage(texts.get(), tokens.get(), truncated.get(), batches.get());
  }

  @Override
  public void resetUsage() {
    texts.set(0);
    tokens.set(0);
    truncated.set(0);
    batches.set(0);
  }
}

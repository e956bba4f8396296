package dev.embedlab.bakeoff.cli;

import dev.embedlab.core.retrieval.Provenance;
import dev.embedlab.core.retrieval.ProvenanceSource;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.TokenCounting;
import dev.embedlab.core.UsageReporting;
import dev.embedlab.models.CachingEmbedder;
import java.util.List;

/**
 * A cached model whose truncation counts do not depend on cache hits: a hit never runs the model,
 * so the model's own counters miss the texts it would have cut. This wrapper runs the model's
 * tokenizer over every text embedded ({@link TokenCounting#tokenCounts}, no model run: an ONNX
 * model, a Hub model, a static model) and
 * counts a text as truncated when its token count reaches the maximum length — an upper bound
 * that also counts a text of exactly {@code maxLength} tokens. Tokens are counted the same way;
 * batches are the model's real invocations (misses only).
 */
final class CachedUsage implements Embedder, UsageReporting, ProvenanceSource,
    dev.embedlab.bakeoff.SpeedSample.UncachedModel {
  private final CachingEmbedder cache;
  private final Embedder model;
  private final TokenCounting counter;
  private long texts;
  private long tokens;
  private long truncated;

  /** {@code cache} over {@code model}, whose tokens {@code counter} counts (the model itself). */
  CachedUsage(CachingEmbedder cache, Embedder model, TokenCounting counter) {
    this.cache = cache;
    this.model = model;
    this.counter = counter;
  }

  /** The caching embedder inside. */
  CachingEmbedder cache() {
    return cache;
  }

  @Override
  public float[][] embed(List<String> input, Role role) {
    float[][] v = cache.embed(input, role);
    int[] counts = counter.tokenCounts(input, role);
    synchronized (this) {
      for (int c : counts) {
        texts++;
        tokens += c;
        if (c >= counter.maxLength()) {
          truncated++;
        }
      }
    }
    return v;
  }

  /** The model behind the cache, for timing real model calls. */
  @Override
  public Embedder uncachedModel() {
    return model;
  }

  @Override
  public int dimension() {
    return cache.dimension();
  }

  @Override
  public String id() {
    return cache.id();
  }

  @Override
  public synchronized Usage usage() {
    long batches = UsageReporting.usageOf(cache).map(Usage::batches).orElse(0L);
    return new Usage(texts, tokens, truncated, batches);
  }

  @Override
  public synchronized void resetUsage() {
    texts = 0;
    tokens = 0;
    truncated = 0;
    UsageReporting.resetUsageOf(cache);
  }

  /** The cache's provenance (which holds the model's): this wrapper changes no vector. */
  @Override
  public Provenance provenance() {
    return cache.provenance();
  }

  @Override
  public void close() {
    cache.close();
  }
}

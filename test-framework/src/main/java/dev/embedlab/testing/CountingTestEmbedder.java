package dev.embedlab.testing;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedders;
import dev.embedlab.core.Fingerprinted;
import dev.embedlab.core.UsageReporting;
import dev.embedlab.core.retrieval.Provenance;
import dev.embedlab.core.retrieval.ProvenanceSource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A deterministic stand-in for a model, for testing wrappers: a text's vector is a unit vector
 * derived from its UTF-8 bytes, its role ({@code query:} texts get another vector) and a seed;
 * texts embedded and calls are counted; a closed instance refuses work. Honours the whole
 * {@link BaseEmbedderTestCase} contract itself.
 */
public final class CountingTestEmbedder implements Embedder, Fingerprinted, UsageReporting, ProvenanceSource {
  private final String id;
  private final int dimension;
  private final long seed;
  private final AtomicLong texts = new AtomicLong();
  private final AtomicLong calls = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param id the embedder's id
   * @param dimension vector length, >= 1
   * @param seed varies the vectors (two seeds are two "models")
   */
  public CountingTestEmbedder(String id, int dimension, long seed) {
    if (id == null || id.isBlank() || dimension < 1) {
      throw new IllegalArgumentException("id must be non-blank and dimension >= 1; id=" + id + ", dimension="
          + dimension);
    }
    this.id = id;
    this.dimension = dimension;
    this.seed = seed;
  }

  @Override
  public float[][] embed(List<String> input, Role role) {
    Embedders.checkTexts(input, role);
    if (closed.get()) {
      throw new IllegalStateException(id + " is closed");
    }
    float[][] out = new float[input.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = vector(input.get(i), role);
    }
    texts.addAndGet(out.length);
    calls.incrementAndGet();
    return out;
  }

  private float[] vector(String text, Role role) {
    // FNV-1a over the bytes, then a splitmix64 stream: cheap, deterministic, well spread.
    long h = 0xcbf29ce484222325L ^ seed ^ (role == Role.QUERY ? 0x9E3779B97F4A7C15L : 0);
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xFF)) * 0x100000001b3L;
    }
    float[] v = new float[dimension];
    double norm = 0;
    for (int j = 0; j < dimension; j++) {
      h += 0x9E3779B97F4A7C15L;
      long z = h;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      z ^= z >>> 31;
      v[j] = (float) ((z >>> 11) * 0x1.0p-53 * 2 - 1);
      norm += (double) v[j] * v[j];
    }
    float inv = (float) (1 / Math.sqrt(norm));
    for (int j = 0; j < dimension; j++) {
      v[j] *= inv;
    }
    return v;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String fingerprint() {
    return "counting-test;v1;seed=" + seed + ";dim=" + dimension;
  }

  @Override
  public Provenance provenance() {
    return Provenance.of("counting-test", Map.of("id", id, "dim", dimension, "seed", seed));
  }

  @Override
  public Usage usage() {
    return new Usage(texts.get(), 0, 0, calls.get());
  }

  @Override
  public void resetUsage() {
    texts.set(0);
    calls.set(0);
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed.get();
  }

  @Override
  public void close() {
    closed.set(true);
  }
}

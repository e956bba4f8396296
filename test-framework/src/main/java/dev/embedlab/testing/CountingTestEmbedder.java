package dev.embedlab.testing;

import dev.embedlab.core.AdaptedModelEmbedder;
import dev.embedlab.core.retrieval.Provenance;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A deterministic stand-in for a model, for testing wrappers: a text's vector is a unit vector
 * derived from its UTF-8 bytes, its role ({@code query:} texts get another vector) and a seed;
 * texts embedded and calls are counted (as {@link #usage()}: texts and batches); a closed instance
 * refuses work. Honours the whole {@link BaseEmbedderTestCase} contract itself.
 */
public final class CountingTestEmbedder extends AdaptedModelEmbedder {
  private final long seed;

  /**
   * @param id the embedder's id
   * @param dimension vector length, >= 1
   * @param seed varies the vectors (two seeds are two "models")
   */
  public CountingTestEmbedder(String id, int dimension, long seed) {
    super(id, dimension, "", "", "counting-test;v1;seed=" + seed + ";dim=" + dimension);
    this.seed = seed;
  }

  @Override
  public float[][] embed(List<String> input, Role role) {
    startCall(input, role);
    float[][] out = new float[input.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = vector(input.get(i), role);
    }
    finishCall(out.length, null);
    return out;
  }

  private float[] vector(String text, Role role) {
    // FNV-1a over the bytes, then a splitmix64 stream: cheap, deterministic, well spread.
    long h = 0xcbf29ce484222325L ^ seed ^ (role == Role.QUERY ? 0x9E3779B97F4A7C15L : 0);
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xFF)) * 0x100000001b3L;
    }
    int dimension = dimension();
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
  public Provenance provenance() {
    return Provenance.of("counting-test", Map.of("id", id(), "dim", dimension(), "seed", seed));
  }

  @Override
  public void close() {
    markClosed();
  }
}

package dev.embedlab.models;

import ai.onnxruntime.OnnxTensor;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Pools one text's token states into a vector and L2-normalises it, as sentence-transformers'
 * {@code Pooling} and {@code Normalize} modules do. Package-private.
 *
 * <p>Mean is {@code v = (1/T) sum_{t: mask[t]=1} h[t]}; CLS is {@code h[0]}; max is the
 * per-dimension maximum over the real tokens. Normalisation is {@code x / max(||x||, 1e-12)}.
 */
final class Pooler {
  private Pooler() {}

  /**
   * Writes one batch's vectors to {@code out[outOffset + rows[r]]}: rows of a pooled
   * {@code [batch, dim]} output are copied, rows of a {@code [batch, seq, dim]} output pooled over
   * their {@code lengths[r]} real tokens; then L2-normalised when {@code normalize}.
   */
  static void collect(OnnxTensor output, boolean pooledByGraph, Pooling pooling, boolean normalize, int dim,
      int[] rows, int[] lengths, int seq, float[][] out, int outOffset) {
    FloatBuffer fb = output.getFloatBuffer();
    float[] h;
    int base;
    if (fb.hasArray()) {
      h = fb.array();
      base = fb.arrayOffset() + fb.position();
    } else {
      h = new float[fb.remaining()];
      fb.get(h);
      base = 0;
    }
    for (int r = 0; r < rows.length; r++) {
      float[] v = pooledByGraph
          ? Arrays.copyOfRange(h, base + r * dim, base + (r + 1) * dim)
          : pool(pooling, h, base + r * seq * dim, lengths[r], dim);
      if (normalize) {
        l2normalize(v);
      }
      out[outOffset + rows[r]] = v;
    }
  }

  /** Pools rows {@code h[off + t*dim + j]} for {@code t < len} (the text's real tokens). */
  static float[] pool(Pooling pooling, float[] h, int off, int len, int dim) {
    float[] v = new float[dim];
    switch (pooling) {
      case CLS -> System.arraycopy(h, off, v, 0, dim);
      case MEAN -> {
        // Accumulate in double: up to 512 terms per dimension, keeps the mean exact to float.
        double[] acc = new double[dim];
        for (int t = 0; t < len; t++) {
          int row = off + t * dim;
          for (int j = 0; j < dim; j++) {
            acc[j] += h[row + j];
          }
        }
        for (int j = 0; j < dim; j++) {
          v[j] = (float) (acc[j] / len);
        }
      }
      case MAX -> {
        System.arraycopy(h, off, v, 0, dim);
        for (int t = 1; t < len; t++) {
          int row = off + t * dim;
          for (int j = 0; j < dim; j++) {
            v[j] = Math.max(v[j], h[row + j]);
          }
        }
      }
      default -> throw new IllegalStateException("unknown pooling " + pooling);
    }
    return v;
  }

  /** sentence-transformers' Normalize, in place: {@code x / max(||x||, 1e-12)} (norm in double). */
  static void l2normalize(float[] v) {
    double s = 0;
    for (float x : v) {
      s += (double) x * x;
    }
    double inv = 1.0 / Math.max(Math.sqrt(s), 1e-12);
    for (int j = 0; j < v.length; j++) {
      v[j] = (float) (v[j] * inv);
    }
  }
}

package dev.embedlab.compress;

import java.util.Random;

/** Seeded synthetic embeddings: unit vectors around a few random cluster centres. */
final class Synthetic {
  private Synthetic() {}

  static float[][] clustered(int n, int dim, int clusters, double noise, long seed) {
    Random rnd = new Random(seed);
    float[][] centres = new float[clusters][dim];
    for (float[] c : centres) {
      for (int i = 0; i < dim; i++) {
        c[i] = (float) rnd.nextGaussian();
      }
    }
    float[][] out = new float[n][dim];
    for (int r = 0; r < n; r++) {
      float[] c = centres[rnd.nextInt(clusters)];
      double norm = 0;
      for (int i = 0; i < dim; i++) {
        out[r][i] = (float) (c[i] + noise * rnd.nextGaussian());
        norm += out[r][i] * out[r][i];
      }
      float inv = (float) (1 / Math.sqrt(norm));
      for (int i = 0; i < dim; i++) {
        out[r][i] *= inv;
      }
    }
    return out;
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }
}

package dev.embedlab.core;

/**
 * Kernels on {@code float[]} vectors used by every module: dot product, norm, normalisation, cosine.
 *
 * <p>Public methods validate their arguments ("vector dimensions differ: 384!=768"); the loops use
 * four independent accumulators so the JIT can keep several FMA pipelines busy (the scalar form of
 * Lucene's {@code DefaultVectorUtilSupport}), and norms are accumulated in {@code double} so that
 * normalising a 4096-d vector of large values neither overflows nor loses the last bits.
 */
public final class VectorUtil {
  private VectorUtil() {}

  /** Dot product {@code Σ a[i]·b[i]}. */
  public static float dot(float[] a, float[] b) {
    checkSameDimension(a, b);
    return dotUnchecked(a, b);
  }

  /** Dot product without argument checks, for inner loops whose caller has checked lengths. */
  public static float dotUnchecked(float[] a, float[] b) {
    int n = a.length;
    int i = 0;
    float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
    for (int bound = n & ~3; i < bound; i += 4) {
      s0 += a[i] * b[i];
      s1 += a[i + 1] * b[i + 1];
      s2 += a[i + 2] * b[i + 2];
      s3 += a[i + 3] * b[i + 3];
    }
    for (; i < n; i++) {
      s0 += a[i] * b[i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** Euclidean norm, accumulated in double. */
  public static double norm(float[] a) {
    checkNotNull(a, "a");
    double s = 0;
    for (float v : a) {
      s += (double) v * v;
    }
    return Math.sqrt(s);
  }

  /**
   * Scales {@code a} in place to unit length and returns it. A zero vector is left as is (there is
   * no direction to keep; sentence-transformers' {@code normalize} likewise divides by
   * {@code max(norm, eps)}).
   */
  public static float[] normalizeInPlace(float[] a) {
    double n = norm(a);
    if (n > 0) {
      float inv = (float) (1.0 / n);
      for (int i = 0; i < a.length; i++) {
        a[i] *= inv;
      }
    }
    return a;
  }

  /** A unit-length copy of {@code a}. */
  public static float[] normalized(float[] a) {
    return normalizeInPlace(a.clone());
  }

  /** Cosine similarity; 0 when either vector is zero. Computed in double. */
  public static double cosine(float[] a, float[] b) {
    checkSameDimension(a, b);
    double dot = 0, na = 0, nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    if (na == 0 || nb == 0) {
      return 0;
    }
    return dot / (Math.sqrt(na) * Math.sqrt(nb));
  }

  /** Squared Euclidean distance. */
  public static float squareDistance(float[] a, float[] b) {
    checkSameDimension(a, b);
    float s0 = 0f, s1 = 0f;
    int i = 0;
    for (int bound = a.length & ~1; i < bound; i += 2) {
      float d0 = a[i] - b[i];
      float d1 = a[i + 1] - b[i + 1];
      s0 += d0 * d0;
      s1 += d1 * d1;
    }
    for (; i < a.length; i++) {
      float d = a[i] - b[i];
      s0 += d * d;
    }
    return s0 + s1;
  }

  /** Throws {@code IllegalArgumentException("vector dimensions differ: 384!=768")} on mismatch. */
  public static void checkSameDimension(float[] a, float[] b) {
    checkNotNull(a, "a");
    checkNotNull(b, "b");
    if (a.length != b.length) {
      throw new IllegalArgumentException("vector dimensions differ: " + a.length + "!=" + b.length);
    }
  }

  /**
   * Checks that every row of a batch has dimension {@code dim}.
   *
   * @throws IllegalArgumentException naming the first bad row
   */
  public static void checkRows(float[][] rows, int dim) {
    checkNotNull(rows, "rows");
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] == null) {
        throw new IllegalArgumentException("rows[" + i + "] is null");
      }
      if (rows[i].length != dim) {
        throw new IllegalArgumentException(
            "rows[" + i + "] has dimension " + rows[i].length + "; expected " + dim);
      }
    }
  }

  private static void checkNotNull(Object o, String name) {
    if (o == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
  }
}

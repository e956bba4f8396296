package dev.embedlab.core;

/**
 * Kernels on {@code float[]} vectors used by every module: dot product, norm, normalisation, cosine.
 *
 * <p>Public methods validate their arguments ("vector dimensions differ: 384!=768"); the loops use
 * four independent accumulators so the JIT can keep several FMA pipelines busy (the scalar form of
 * Lucene's {@code DefaultVectorUtilSupport}), and norms are accumulated in {@code double} so that
 * normalising a 4096-d vector of large values neither overflows nor loses the last bits.
 *
 * <p><b>Non-finite values, one policy for the library.</b> A vector that is normalised or compared
 * must have finite components; a vector that is stored, indexed or searched must also have an L2
 * norm of at most
 * {@link #MAX_NORM} = 2<sup>63</sup>; anything else is refused with an
 * {@code IllegalArgumentException} naming the row, the component and the value
 * ({@link #checkFinite}, {@link #checkFiniteRows}). The norm bound is what makes every score
 * finite: by Cauchy–Schwarz, |a·b| ≤ ‖a‖‖b‖ ≤ 2<sup>126</sup> &lt; {@code Float.MAX_VALUE}
 * (≈ 2<sup>128</sup>), and every partial sum of the products is bounded the same way, so a dot
 * product of two admitted vectors never overflows to infinity (a component of 3e38 is finite but
 * its square is not). NaN is never ranked, averaged or correlated: it fails where it enters. The
 * raw kernels {@link #dotUnchecked} and {@link #squareDistance} do not check, for inner loops
 * whose caller validated the rows once.
 */
public final class VectorUtil {
  private VectorUtil() {}

  /** Largest admitted L2 norm, 2^63: dot products of admitted vectors cannot overflow float. */
  public static final double MAX_NORM = 0x1p63;

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
   * {@code max(norm, eps)}). The scale is applied in double, so a vector of subnormal components
   * (norm down to 1.4e-45, whose float reciprocal would be infinite) still comes out unit length.
   *
   * @throws IllegalArgumentException if a component is NaN or infinite (see the class doc)
   */
  public static float[] normalizeInPlace(float[] a) {
    checkFiniteComponents(a, "a"); // any finite norm is fine here: the result is unit length
    double n = norm(a);
    if (n > 0) {
      double inv = 1.0 / n; // finite: n >= Float.MIN_VALUE
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) (a[i] * inv);
      }
    }
    return a;
  }

  /** A unit-length copy of {@code a}. */
  public static float[] normalized(float[] a) {
    return normalizeInPlace(a.clone());
  }

  /**
   * Cosine similarity; 0 when either vector is zero. Computed in double.
   *
   * @throws IllegalArgumentException on different dimensions or a NaN/infinite component
   */
  public static double cosine(float[] a, float[] b) {
    checkSameDimension(a, b);
    checkFiniteComponents(a, "a"); // computed in double: any finite norm is fine
    checkFiniteComponents(b, "b");
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

  /**
   * Checks the class's non-finite policy for one vector: every component finite and the L2 norm
   * at most {@link #MAX_NORM}.
   *
   * @param name how the vector is named in the message, e.g. {@code "queries[3]"}
   * @throws IllegalArgumentException {@code "queries[3][17] must be finite; value=NaN"} or
   *     {@code "docs[2] has L2 norm 4.2E19; at most 2^63 is admitted so that scores stay finite"}
   */
  public static void checkFinite(float[] v, String name) {
    checkNotNull(v, name);
    checkFinite(v, name, -1);
  }

  /**
   * {@link #checkFinite} of {@code v}, named {@code name} or, for {@code row >= 0}, {@code name[row]}
   * (the name is built only for the message). One pass with four independent sums of squares: a NaN
   * or infinite component makes the sum NaN or infinite (a finite float squared is finite in double),
   * so components are inspected one by one only when the sum says something is wrong.
   */
  private static void checkFinite(float[] v, String name, int row) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int n = v.length;
    int j = 0;
    for (int bound = n & ~3; j < bound; j += 4) {
      s0 += (double) v[j] * v[j];
      s1 += (double) v[j + 1] * v[j + 1];
      s2 += (double) v[j + 2] * v[j + 2];
      s3 += (double) v[j + 3] * v[j + 3];
    }
    for (; j < n; j++) {
      double x = v[j];
      s0 += x * x;
    }
    double s = (s0 + s1) + (s2 + s3);
    if (!(s <= MAX_NORM * MAX_NORM)) {
      String named = row < 0 ? name : name + "[" + row + "]";
      checkFiniteComponents(v, named);
      throw new IllegalArgumentException(named + " has L2 norm " + (float) Math.sqrt(s)
          + "; at most 2^63 is admitted so that scores stay finite");
    }
  }

  /**
   * {@link #checkRows} plus {@link #checkFinite} for every row, each named {@code name[i]}.
   *
   * @throws IllegalArgumentException naming the first bad row (and component)
   */
  public static void checkFiniteRows(float[][] rows, int dim, String name) {
    checkNotNull(rows, name);
    for (int i = 0; i < rows.length; i++) {
      float[] r = rows[i];
      if (r == null) {
        throw new IllegalArgumentException(name + "[" + i + "] is null");
      }
      if (r.length != dim) {
        throw new IllegalArgumentException(
            "vector dimensions differ: " + name + "[" + i + "] has " + r.length + "; expected " + dim);
      }
      checkFinite(r, name, i);
    }
  }

  private static void checkFiniteComponents(float[] v, String name) {
    for (int j = 0; j < v.length; j++) {
      if (!Float.isFinite(v[j])) {
        throw new IllegalArgumentException(name + "[" + j + "] must be finite; value=" + v[j]);
      }
    }
  }

  private static void checkNotNull(Object o, String name) {
    if (o == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
  }
}

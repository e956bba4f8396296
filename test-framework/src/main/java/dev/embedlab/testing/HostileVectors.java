package dev.embedlab.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The hostile vectors every entry point of the library refuses (the one policy of
 * {@code dev.embedlab.core.VectorUtil#checkFinite}: finite components, L2 norm at most 2^63), in one
 * list so that the vector-file writer and reader, the SQLite store, every codec, the compressed
 * index and the ANN indexes are all tested against the same cases. Each case puts its value at
 * {@link #COMPONENT} of an otherwise ordinary vector, except the huge-norm case whose every
 * component is finite.
 */
public final class HostileVectors {
  /** The component that holds the hostile value. */
  public static final int COMPONENT = 7;

  private HostileVectors() {}

  /**
   * A named hostile vector.
   *
   * @param name what is wrong, e.g. {@code "component NaN"}
   * @param vector the vector
   */
  public record Case(String name, float[] vector) {
    @Override
    public String toString() {
      return name;
    }

    /** A fresh copy of the vector. */
    public float[] copy() {
      return vector.clone();
    }
  }

  /**
   * NaN, +∞, −∞ and 3e38 (finite, but its square overflows) at {@link #COMPONENT}, and a vector of
   * finite components whose L2 norm exceeds 2^63.
   *
   * @param dim the dimension, > {@link #COMPONENT}
   */
  public static List<Case> all(int dim) {
    if (dim <= COMPONENT) {
      throw new IllegalArgumentException("dim must be > " + COMPONENT + "; dim=" + dim);
    }
    List<Case> out = new ArrayList<>();
    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 3e38f}) {
      float[] v = new float[dim];
      Arrays.fill(v, (float) (1 / Math.sqrt(dim)));
      v[COMPONENT] = bad;
      out.add(new Case("component " + bad, v));
    }
    float[] huge = new float[dim];
    Arrays.fill(huge, 4e18f); // 4e18·√dim > 2^63 ≈ 9.2e18 for dim >= 8
    out.add(new Case("L2 norm " + (float) (4e18 * Math.sqrt(dim)), huge));
    return List.copyOf(out);
  }

  /** Whether {@code message} names the hostile component or the norm, as {@code VectorUtil.checkFinite} words them. */
  public static boolean namesTheProblem(String message) {
    return message != null && (message.contains("[" + COMPONENT + "] must be finite") || message.contains("has L2 norm"));
  }
}

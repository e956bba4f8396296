package dev.embedlab.eval.stats;

import java.util.Arrays;

/**
 * Holm–Bonferroni step-down correction (Holm 1979) for m simultaneous tests, controlling the
 * family-wise error rate. Equals statsmodels {@code multipletests(p, method='holm')}.
 *
 * <p>With p-values sorted ascending p_(1) ≤ … ≤ p_(m): adjusted p_(i) = min(1, max_{j ≤ i} (m − j + 1)·p_(j));
 * adjusted values are returned in the input order. Reject H_i at level α iff adjusted p_i ≤ α.
 */
public final class Holm {
  private Holm() {}

  /**
   * @param p raw p-values in [0, 1]
   * @return Holm-adjusted p-values, same order as {@code p}
   */
  public static double[] adjust(double[] p) {
    int m = p.length;
    Integer[] idx = new Integer[m];
    for (int i = 0; i < m; i++) {
      if (!(p[i] >= 0 && p[i] <= 1)) {
        throw new IllegalArgumentException("p-values must be in [0, 1]; p[" + i + "]=" + p[i]);
      }
      idx[i] = i;
    }
    Arrays.sort(idx, (x, y) -> Double.compare(p[x], p[y]));
    double[] out = new double[m];
    double running = 0;
    for (int j = 0; j < m; j++) {
      double v = Math.min(1.0, (m - j) * p[idx[j]]);
      running = Math.max(running, v);
      out[idx[j]] = running;
    }
    return out;
  }

  /** @return which hypotheses are rejected at family-wise level {@code alpha} */
  public static boolean[] reject(double[] p, double alpha) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1); alpha=" + alpha);
    }
    double[] adj = adjust(p);
    boolean[] r = new boolean[adj.length];
    for (int i = 0; i < adj.length; i++) {
      r[i] = adj[i] <= alpha;
    }
    return r;
  }
}

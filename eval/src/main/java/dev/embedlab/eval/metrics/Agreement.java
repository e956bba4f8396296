package dev.embedlab.eval.metrics;

/**
 * Agreement between a metric's verdicts and a person's labels on the same items.
 *
 * <p>Cohen's κ = (p_o − p_e) / (1 − p_e), p_o the share of items with equal labels and p_e the share
 * expected by chance from each rater's label frequencies (scikit-learn's {@code cohen_kappa_score},
 * unweighted). When both raters give one and the same label to every item, p_e = 1 and κ is undefined:
 * NaN is returned (scikit-learn returns NaN with a warning too).
 */
public final class Agreement {
  private Agreement() {}

  /** Cohen's κ of two label sequences of equal length over any integer labels. */
  public static double cohenKappa(int[] a, int[] b) {
    if (a.length != b.length || a.length == 0) {
      throw new IllegalArgumentException("need two non-empty label lists of equal length; lengths " + a.length + " and " + b.length);
    }
    java.util.Map<Integer, int[]> counts = new java.util.HashMap<>();
    int agree = 0;
    for (int i = 0; i < a.length; i++) {
      counts.computeIfAbsent(a[i], k -> new int[2])[0]++;
      counts.computeIfAbsent(b[i], k -> new int[2])[1]++;
      if (a[i] == b[i]) {
        agree++;
      }
    }
    double n = a.length;
    double po = agree / n;
    double pe = 0;
    for (int[] c : counts.values()) {
      pe += (c[0] / n) * (c[1] / n);
    }
    return pe == 1.0 ? Double.NaN : (po - pe) / (1 - pe);
  }
}

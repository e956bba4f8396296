package dev.embedlab.eval.metrics;

import java.util.Arrays;

/**
 * A threshold curve (ROC or precision–recall), immutable: point i is ({@link #x()}[i],
 * {@link #y()}[i]) reached at {@link #thresholds()}[i] (score ≥ threshold predicts positive).
 *
 * <p>ROC: x = false-positive rate, y = true-positive rate, thresholds decreasing, first point
 * (0, 0) at +∞. PR: x = recall (decreasing), y = precision, last point (recall 0, precision 1)
 * has no threshold, so {@code thresholds().length == size() - 1}, as scikit-learn returns it.
 */
public final class Curve {
  private final double[] x;
  private final double[] y;
  private final double[] thresholds;

  /** Copies the arrays; x and y must have the same length. */
  public Curve(double[] x, double[] y, double[] thresholds) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("x and y lengths differ: " + x.length + "!=" + y.length);
    }
    this.x = x.clone();
    this.y = y.clone();
    this.thresholds = thresholds.clone();
  }

  /** @return the number of points */
  public int size() {
    return x.length;
  }

  /** @return x coordinates (a copy): FPR for ROC, recall for PR */
  public double[] x() {
    return x.clone();
  }

  /** @return y coordinates (a copy): TPR for ROC, precision for PR */
  public double[] y() {
    return y.clone();
  }

  /** @return thresholds (a copy) */
  public double[] thresholds() {
    return thresholds.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Curve c && Arrays.equals(c.x, x) && Arrays.equals(c.y, y) && Arrays.equals(c.thresholds, thresholds);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(x) + Arrays.hashCode(y)) + Arrays.hashCode(thresholds);
  }

  @Override
  public String toString() {
    return "Curve[" + x.length + " points]";
  }
}

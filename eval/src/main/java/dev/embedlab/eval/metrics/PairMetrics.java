package dev.embedlab.eval.metrics;

import java.util.Arrays;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * Metrics of a scored pair set (system score per pair vs. gold label or gold score), matching
 * scikit-learn 1.2.1 and scipy 1.10.1 (the shared oracle's versions).
 *
 * <p>Binary metrics take {@code scores} (higher = more likely positive) and {@code labels} in
 * {0, 1}; a pair is predicted positive when its score is ≥ the threshold. Ties in scores are
 * handled as scikit-learn's {@code _binary_clf_curve}: all pairs with the same score move across
 * the threshold together. Scores must be finite.
 */
public final class PairMetrics {
  private PairMetrics() {}

  /** The cumulative counts at each distinct score, descending (scikit-learn {@code _binary_clf_curve}). */
  private record ClfCurve(double[] fps, double[] tps, double[] thresholds, int positives, int negatives) {}

  private static void check(double[] scores, int[] labels) {
    if (scores.length != labels.length) {
      throw new IllegalArgumentException("scores and labels lengths differ: " + scores.length + "!=" + labels.length);
    }
    if (scores.length == 0) {
      throw new IllegalArgumentException("scores must be non-empty; length=0");
    }
    for (int i = 0; i < scores.length; i++) {
      if (!Double.isFinite(scores[i])) {
        throw new IllegalArgumentException("scores must be finite; scores[" + i + "]=" + scores[i]);
      }
      if (labels[i] != 0 && labels[i] != 1) {
        throw new IllegalArgumentException("labels must be 0 or 1; labels[" + i + "]=" + labels[i]);
      }
    }
  }

  private static Integer[] descendingOrder(double[] scores) {
    Integer[] idx = new Integer[scores.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Double.compare(scores[b], scores[a]));
    return idx;
  }

  private static ClfCurve clfCurve(double[] scores, int[] labels) {
    check(scores, labels);
    Integer[] idx = descendingOrder(scores);
    int n = idx.length;
    double[] fps = new double[n];
    double[] tps = new double[n];
    double[] th = new double[n];
    int m = 0;
    int tp = 0;
    for (int i = 0; i < n; i++) {
      tp += labels[idx[i]];
      if (i == n - 1 || scores[idx[i + 1]] != scores[idx[i]]) {
        tps[m] = tp;
        fps[m] = (i + 1) - tp;
        th[m] = scores[idx[i]];
        m++;
      }
    }
    return new ClfCurve(Arrays.copyOf(fps, m), Arrays.copyOf(tps, m), Arrays.copyOf(th, m), tp, n - tp);
  }

  /**
   * ROC curve as scikit-learn {@code roc_curve(y, s)} with its default {@code drop_intermediate=True}:
   * one point per distinct score (descending), then points that are collinear with both
   * neighbours (zero second difference in both FP and TP counts) dropped, then (0, 0) prepended
   * with threshold +∞ (scikit-learn ≥ 1.3 uses +∞; 1.2 used max score + 1). Same point count as
   * scikit-learn.
   *
   * @throws IllegalArgumentException when labels contain only one class (rates undefined)
   */
  public static Curve rocCurve(double[] scores, int[] labels) {
    return rocCurve(scores, labels, true);
  }

  /**
   * ROC curve; {@code dropIntermediate=false} keeps one point per distinct score.
   *
   * @see #rocCurve(double[], int[])
   */
  public static Curve rocCurve(double[] scores, int[] labels, boolean dropIntermediate) {
    ClfCurve c = clfCurve(scores, labels);
    if (c.positives == 0 || c.negatives == 0) {
      throw new IllegalArgumentException("ROC needs both classes; positives=" + c.positives + " negatives=" + c.negatives);
    }
    int m = c.tps.length;
    int[] keep = new int[m];
    int kept = 0;
    for (int i = 0; i < m; i++) {
      boolean k = !dropIntermediate || m <= 2 || i == 0 || i == m - 1
          || (c.fps[i + 1] - 2 * c.fps[i] + c.fps[i - 1]) != 0 || (c.tps[i + 1] - 2 * c.tps[i] + c.tps[i - 1]) != 0;
      if (k) {
        keep[kept++] = i;
      }
    }
    double[] fpr = new double[kept + 1];
    double[] tpr = new double[kept + 1];
    double[] th = new double[kept + 1];
    th[0] = Double.POSITIVE_INFINITY;
    for (int j = 0; j < kept; j++) {
      fpr[j + 1] = c.fps[keep[j]] / c.negatives;
      tpr[j + 1] = c.tps[keep[j]] / c.positives;
      th[j + 1] = c.thresholds[keep[j]];
    }
    return new Curve(fpr, tpr, th);
  }

  /**
   * ROC-AUC = trapezoidal area under {@link #rocCurve(double[], int[])}, equal to scikit-learn
   * {@code roc_auc_score} (and to the Mann–Whitney probability P(s+ &gt; s−) + ½ P(s+ = s−)).
   *
   * @throws IllegalArgumentException when labels contain only one class (scikit-learn raises too)
   */
  public static double rocAuc(double[] scores, int[] labels) {
    Curve c = rocCurve(scores, labels);
    double[] x = c.x();
    double[] y = c.y();
    double area = 0.0;
    for (int i = 1; i < x.length; i++) {
      area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2.0;
    }
    return area;
  }

  /**
   * Precision–recall curve as scikit-learn 1.2.1 {@code precision_recall_curve}: one point per
   * distinct score, ordered by increasing threshold (recall decreasing), then the point
   * (recall 0, precision 1) appended without threshold. Precision is tp/(tp+fp).
   *
   * @throws IllegalArgumentException without positive labels (recall undefined; scikit-learn warns and sets recall to 1)
   */
  public static Curve precisionRecallCurve(double[] scores, int[] labels) {
    ClfCurve c = clfCurve(scores, labels);
    if (c.positives == 0) {
      throw new IllegalArgumentException("precision-recall needs positive labels; positives=0");
    }
    int m = c.tps.length;
    double[] recall = new double[m + 1];
    double[] precision = new double[m + 1];
    double[] th = new double[m];
    for (int i = 0; i < m; i++) {
      int j = m - 1 - i;
      double ps = c.tps[j] + c.fps[j];
      precision[i] = ps == 0 ? 0.0 : c.tps[j] / ps;
      recall[i] = c.tps[j] / c.positives;
      th[i] = c.thresholds[j];
    }
    precision[m] = 1.0;
    recall[m] = 0.0;
    return new Curve(recall, precision, th);
  }

  /**
   * Average precision AP = Σ_n (R_n − R_{n−1}) P_n over distinct thresholds in decreasing order
   * (no interpolation), equal to scikit-learn {@code average_precision_score}.
   *
   * @throws IllegalArgumentException without positive labels (scikit-learn warns and returns 0)
   */
  public static double averagePrecision(double[] scores, int[] labels) {
    Curve c = precisionRecallCurve(scores, labels);
    double[] r = c.x();
    double[] p = c.y();
    double sum = 0.0;
    for (int i = 0; i < r.length - 1; i++) {
      sum += (r[i + 1] - r[i]) * p[i];
    }
    return -sum;
  }

  /** A chosen threshold and the value it gives (score ≥ threshold predicts positive). */
  public record ThresholdResult(double value, double threshold) {}

  /** The best F1 and the precision, recall and threshold that give it. */
  public record F1Result(double f1, double precision, double recall, double threshold) {}

  /**
   * The accuracy-maximising threshold, over all distinct cut points (including "everything
   * negative", threshold +∞). The reported threshold is the midpoint between the last score
   * predicted positive and the next lower distinct score (the lowest score itself when all are
   * positive), as sentence-transformers' {@code BinaryClassificationEvaluator} reports it; unlike
   * sentence-transformers, tied scores are never split. The first best cut wins (highest threshold).
   */
  public static ThresholdResult bestAccuracy(double[] scores, int[] labels) {
    ClfCurve c = clfCurve(scores, labels);
    int n = scores.length;
    double best = (double) c.negatives / n;
    double bestT = Double.POSITIVE_INFINITY;
    for (int i = 0; i < c.tps.length; i++) {
      double tn = c.negatives - c.fps[i];
      double acc = (c.tps[i] + tn) / n;
      if (acc > best) {
        best = acc;
        bestT = midpoint(c, i);
      }
    }
    return new ThresholdResult(best, bestT);
  }

  /**
   * The F1-maximising threshold: F1 = 2PR/(P+R) at each distinct cut point (0 when P+R = 0);
   * threshold reported as in {@link #bestAccuracy}. The first best cut wins (highest threshold).
   */
  public static F1Result bestF1(double[] scores, int[] labels) {
    ClfCurve c = clfCurve(scores, labels);
    F1Result best = new F1Result(0.0, 0.0, 0.0, Double.POSITIVE_INFINITY);
    if (c.positives == 0) {
      return best;
    }
    for (int i = 0; i < c.tps.length; i++) {
      double p = c.tps[i] / (c.tps[i] + c.fps[i]);
      double r = c.tps[i] / c.positives;
      double f1 = p + r == 0 ? 0.0 : 2 * p * r / (p + r);
      if (f1 > best.f1()) {
        best = new F1Result(f1, p, r, midpoint(c, i));
      }
    }
    return best;
  }

  private static double midpoint(ClfCurve c, int i) {
    return i + 1 < c.thresholds.length ? (c.thresholds[i] + c.thresholds[i + 1]) / 2.0 : c.thresholds[i];
  }

  /**
   * Matthews correlation coefficient of 0/1 predictions, equal to scikit-learn
   * {@code matthews_corrcoef}: (TP·TN − FP·FN) / √((TP+FP)(TP+FN)(TN+FP)(TN+FN)); 0 when the
   * denominator is 0.
   */
  public static double mcc(int[] predicted, int[] labels) {
    if (predicted.length != labels.length) {
      throw new IllegalArgumentException("predicted and labels lengths differ: " + predicted.length + "!=" + labels.length);
    }
    double tp = 0;
    double tn = 0;
    double fp = 0;
    double fn = 0;
    for (int i = 0; i < labels.length; i++) {
      if ((predicted[i] != 0 && predicted[i] != 1) || (labels[i] != 0 && labels[i] != 1)) {
        throw new IllegalArgumentException("values must be 0 or 1 at index " + i + "; predicted=" + predicted[i]
            + " label=" + labels[i]);
      }
      if (predicted[i] == 1) {
        if (labels[i] == 1) {
          tp++;
        } else {
          fp++;
        }
      } else if (labels[i] == 1) {
        fn++;
      } else {
        tn++;
      }
    }
    double den = Math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
    return den == 0 ? 0.0 : (tp * tn - fp * fn) / den;
  }

  /** MCC of the predictions score ≥ threshold. */
  public static double mcc(double[] scores, int[] labels, double threshold) {
    check(scores, labels);
    int[] pred = new int[scores.length];
    for (int i = 0; i < pred.length; i++) {
      pred[i] = scores[i] >= threshold ? 1 : 0;
    }
    return mcc(pred, labels);
  }

  /**
   * Pearson correlation as scipy {@code pearsonr}: r = ⟨x−x̄, y−ȳ⟩ / (‖x−x̄‖‖y−ȳ‖), clipped to
   * [−1, 1]; NaN when either input is constant (scipy returns NaN with a warning). That NaN is
   * the only one this class returns: a NaN or infinite <em>input</em> is refused, as everywhere
   * in embedlab (see {@code VectorUtil}'s non-finite policy), instead of turning into a NaN result.
   *
   * @throws IllegalArgumentException when lengths differ, fewer than 2 values, or a value is NaN or
   *     infinite (naming the array and index)
   */
  public static double pearson(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("x and y lengths differ: " + x.length + "!=" + y.length);
    }
    if (x.length < 2) {
      throw new IllegalArgumentException("need at least 2 values; length=" + x.length);
    }
    checkFinite(x, "x");
    checkFinite(y, "y");
    double mx = 0;
    double my = 0;
    for (int i = 0; i < x.length; i++) {
      mx += x[i];
      my += y[i];
    }
    mx /= x.length;
    my /= y.length;
    double sxx = 0;
    double syy = 0;
    double sxy = 0;
    for (int i = 0; i < x.length; i++) {
      double dx = x[i] - mx;
      double dy = y[i] - my;
      sxx += dx * dx;
      syy += dy * dy;
      sxy += dx * dy;
    }
    if (sxx == 0 || syy == 0) {
      return Double.NaN;
    }
    double r = sxy / (Math.sqrt(sxx) * Math.sqrt(syy));
    return Math.max(-1.0, Math.min(1.0, r));
  }

  /**
   * Spearman rank correlation as scipy {@code spearmanr}: Pearson correlation of the ranks, tied
   * values sharing their average rank (commons-math3 {@link NaturalRanking} with
   * {@link TiesStrategy#AVERAGE}, which equals scipy {@code rankdata(method='average')}); NaN
   * when either input is constant.
   *
   * @throws IllegalArgumentException on NaN or infinite input, different lengths or fewer than 2
   *     values
   */
  public static double spearman(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("x and y lengths differ: " + x.length + "!=" + y.length);
    }
    checkFinite(x, "x");
    checkFinite(y, "y");
    return pearson(averageRanks(x), averageRanks(y));
  }

  private static void checkFinite(double[] v, String name) {
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        throw new IllegalArgumentException(name + " must be finite; " + name + "[" + i + "]=" + v[i]);
      }
    }
  }

  /**
   * 1-based ranks, ties given their average rank (scipy {@code rankdata} default). −0.0 and 0.0
   * are one tie, as in scipy; commons-math3's {@code NaturalRanking} alone would rank −0.0 below
   * 0.0 (it orders by {@code Double.compare}), which moved the STS oracle's Spearman by 7e-7.
   *
   * @throws IllegalArgumentException on NaN input
   */
  public static double[] averageRanks(double[] values) {
    double[] v = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      if (Double.isNaN(values[i])) {
        throw new IllegalArgumentException("values must not be NaN; values[" + i + "]=NaN");
      }
      v[i] = values[i] + 0.0; // -0.0 + 0.0 == +0.0
    }
    return new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE).rank(v);
  }
}

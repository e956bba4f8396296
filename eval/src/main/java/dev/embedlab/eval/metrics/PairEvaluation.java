package dev.embedlab.eval.metrics;

import dev.embedlab.data.PairDataset;

/**
 * All pair metrics of one system on one {@link PairDataset} (each from {@link PairMetrics}, so each
 * equals its scikit-learn/scipy reference). Graded-score metrics are NaN when the set has no
 * scores; label metrics are NaN (or null) when it has no labels or only one class.
 *
 * @param n number of pairs
 * @param spearman Spearman of system score vs. gold score (scipy {@code spearmanr})
 * @param pearson Pearson of system score vs. gold score (scipy {@code pearsonr})
 * @param rocAuc ROC-AUC of system score vs. gold label (scikit-learn {@code roc_auc_score})
 * @param averagePrecision AP (scikit-learn {@code average_precision_score})
 * @param bestAccuracy best-threshold accuracy, or null without both classes
 * @param bestF1 best-threshold F1, or null without both classes
 * @param mccAtBestF1 MCC at the best-F1 threshold (NaN without both classes)
 */
public record PairEvaluation(int n, double spearman, double pearson, double rocAuc, double averagePrecision,
    PairMetrics.ThresholdResult bestAccuracy, PairMetrics.F1Result bestF1, double mccAtBestF1) {

  /**
   * Evaluates {@code systemScores} (e.g. cosine similarities, aligned with {@code data.pairs()}).
   *
   * @throws IllegalArgumentException when lengths differ
   */
  public static PairEvaluation of(double[] systemScores, PairDataset data) {
    if (systemScores.length != data.size()) {
      throw new IllegalArgumentException("systemScores and pairs lengths differ: " + systemScores.length + "!=" + data.size());
    }
    double sp = Double.NaN;
    double pe = Double.NaN;
    if (data.hasScores() && data.size() >= 2) {
      double[] gold = data.scores();
      sp = PairMetrics.spearman(systemScores, gold);
      pe = PairMetrics.pearson(systemScores, gold);
    }
    double auc = Double.NaN;
    double ap = Double.NaN;
    PairMetrics.ThresholdResult acc = null;
    PairMetrics.F1Result f1 = null;
    double mcc = Double.NaN;
    if (data.hasLabels()) {
      int[] labels = data.labels();
      int pos = 0;
      for (int l : labels) {
        pos += l;
      }
      if (pos > 0 && pos < labels.length) {
        auc = PairMetrics.rocAuc(systemScores, labels);
        ap = PairMetrics.averagePrecision(systemScores, labels);
        acc = PairMetrics.bestAccuracy(systemScores, labels);
        f1 = PairMetrics.bestF1(systemScores, labels);
        mcc = PairMetrics.mcc(systemScores, labels, f1.threshold());
      }
    }
    return new PairEvaluation(data.size(), sp, pe, auc, ap, acc, f1, mcc);
  }
}

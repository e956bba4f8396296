package dev.embedlab.monitor;

import dev.embedlab.eval.metrics.Measure;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A quality alert raised by a {@link QualityProbe}.
 *
 * @param probe the probe's name
 * @param time when the probe ran
 * @param rule the rule that fired, in words
 * @param measure the measure concerned
 * @param observed its mean over the probe's queries now
 * @param reference the threshold, or the baseline's mean
 * @param pValue the paired randomisation test's p-value for a baseline drop; NaN for a threshold
 * @param failingQueries the queries behind it, worst first: below the threshold, or those that
 *     dropped against the baseline
 */
public record Alert(String probe, Instant time, String rule, Measure measure, double observed, double reference,
    double pValue, List<QueryValue> failingQueries) {

  public Alert {
    failingQueries = List.copyOf(failingQueries);
  }

  /**
   * One query's value.
   *
   * @param queryId the query
   * @param value its value now
   * @param reference the baseline's value, or the threshold
   */
  public record QueryValue(String queryId, double value, double reference) {}

  /** One line for logs and pages: rule, values and the first failing queries. */
  public String summary() {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "[%s] %s: %s = %.4f (%s %.4f%s)", probe, rule,
        measure.label(), observed, Double.isNaN(pValue) ? "threshold" : "baseline", reference,
        Double.isNaN(pValue) ? "" : String.format(Locale.ROOT, ", p = %.4f", pValue)));
    sb.append("; ").append(failingQueries.size()).append(" failing queries");
    int shown = Math.min(5, failingQueries.size());
    if (shown > 0) {
      sb.append(", worst:");
      for (int i = 0; i < shown; i++) {
        QueryValue q = failingQueries.get(i);
        sb.append(String.format(Locale.ROOT, " %s (%.2f vs %.2f)", q.queryId(), q.value(), q.reference()));
      }
    }
    return sb.toString();
  }
}

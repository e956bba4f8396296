package dev.embedlab.bakeoff;

import dev.embedlab.core.Checks;
import java.util.Arrays;

/**
 * Latency of answering one query: embedding it alone ({@code Role.QUERY}) and searching the corpus,
 * measured per query after a short warm-up.
 *
 * <p>Percentiles use the nearest-rank definition: {@code p}-th percentile = the
 * {@code ⌈p/100·n⌉}-th smallest sample (so it is always an observed value; numpy's
 * {@code percentile(..., method="inverted_cdf")}).
 *
 * @param samples number of timed queries (0 when there were no queries)
 * @param p50Millis median
 * @param p95Millis 95th percentile
 * @param meanMillis mean
 */
public record Latency(int samples, double p50Millis, double p95Millis, double meanMillis) {

  /** Validates. */
  public Latency {
    Checks.atLeast("samples", samples, 0);
    if (samples > 0 && !(p50Millis >= 0 && p95Millis >= p50Millis && meanMillis >= 0)) {
      throw new IllegalArgumentException("latency must satisfy 0 <= p50 <= p95 and mean >= 0; p50="
          + p50Millis + " p95=" + p95Millis + " mean=" + meanMillis);
    }
  }

  /** Summarises samples in milliseconds; an empty array gives zeros with {@code samples=0}. */
  public static Latency ofMillis(double[] millis) {
    if (millis.length == 0) {
      return new Latency(0, 0, 0, 0);
    }
    double[] s = millis.clone();
    Arrays.sort(s);
    double mean = Arrays.stream(s).sum() / s.length;
    return new Latency(s.length, nearestRank(s, 50), nearestRank(s, 95), mean);
  }

  /** Nearest-rank percentile of sorted data. */
  static double nearestRank(double[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /**
   * The latency of answering a query with every part in turn: percentiles and means add up (an upper
   * bound for the percentiles), over the fewest samples any part has; no samples when a part has none.
   */
  static Latency sum(java.util.List<Latency> parts) {
    int samples = Integer.MAX_VALUE;
    double p50 = 0;
    double p95 = 0;
    double mean = 0;
    for (Latency l : parts) {
      samples = Math.min(samples, l.samples());
      p50 += l.p50Millis();
      p95 += l.p95Millis();
      mean += l.meanMillis();
    }
    return samples == 0 || samples == Integer.MAX_VALUE ? ofMillis(new double[0]) : new Latency(samples, p50, p95, mean);
  }
}

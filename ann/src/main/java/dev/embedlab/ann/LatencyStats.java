package dev.embedlab.ann;

import dev.embedlab.core.Checks;
import java.util.Arrays;

/**
 * Per-query search latency of one batch: nearest-rank percentiles (the {@code ⌈p/100·n⌉}-th
 * smallest sample, always an observed value; the definition of eval's bake-off {@code Latency}).
 *
 * @param samples number of timed queries (0 for none)
 * @param p50Millis median
 * @param p95Millis 95th percentile
 * @param meanMillis mean
 */
public record LatencyStats(int samples, double p50Millis, double p95Millis, double meanMillis) {

  /** No samples yet. */
  public static final LatencyStats NONE = new LatencyStats(0, 0, 0, 0);

  /** Validates. */
  public LatencyStats {
    Checks.atLeast("samples", samples, 0);
    if (samples > 0 && !(p50Millis >= 0 && p95Millis >= p50Millis && meanMillis >= 0)) {
      throw new IllegalArgumentException("latency must satisfy 0 <= p50 <= p95 and mean >= 0; p50="
          + p50Millis + " p95=" + p95Millis + " mean=" + meanMillis);
    }
  }

  /** Summarises per-query times in nanoseconds. */
  public static LatencyStats ofNanos(long[] nanos) {
    if (nanos.length == 0) {
      return NONE;
    }
    double[] ms = new double[nanos.length];
    double sum = 0;
    for (int i = 0; i < nanos.length; i++) {
      ms[i] = nanos[i] / 1e6;
      sum += ms[i];
    }
    Arrays.sort(ms);
    return new LatencyStats(ms.length, nearestRank(ms, 50), nearestRank(ms, 95), sum / ms.length);
  }

  private static double nearestRank(double[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}

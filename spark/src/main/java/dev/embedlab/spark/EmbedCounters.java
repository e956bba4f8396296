package dev.embedlab.spark;

import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * Spark accumulators of one embedding job: rows, tokens, truncated texts, model calls, partitions
 * (and how many were empty) and the executors' model build time. Created on the driver, updated by
 * the tasks, read with {@link #snapshot()} after an action. Accumulators updated inside a
 * transformation count again when Spark recomputes a partition (a lost executor, an uncached
 * dataset used twice), so read them after the first action on a persisted result.
 */
public final class EmbedCounters implements Serializable {
  private static final long serialVersionUID = 1L;

  final LongAccumulator rows;
  final LongAccumulator tokens;
  final LongAccumulator truncated;
  final LongAccumulator batches;
  final LongAccumulator partitions;
  final LongAccumulator emptyPartitions;
  final LongAccumulator loadNanos;

  /** Registers the accumulators with {@code sc}, named {@code <prefix>.rows} etc. */
  public EmbedCounters(SparkContext sc, String prefix) {
    this.rows = sc.longAccumulator(prefix + ".rows");
    this.tokens = sc.longAccumulator(prefix + ".tokens");
    this.truncated = sc.longAccumulator(prefix + ".truncatedTexts");
    this.batches = sc.longAccumulator(prefix + ".batches");
    this.partitions = sc.longAccumulator(prefix + ".partitions");
    this.emptyPartitions = sc.longAccumulator(prefix + ".emptyPartitions");
    this.loadNanos = sc.longAccumulator(prefix + ".executorLoadNanos");
  }

  /** The values so far. */
  public Stats snapshot() {
    return new Stats(rows.value(), tokens.value(), truncated.value(), batches.value(),
        partitions.value(), emptyPartitions.value(), loadNanos.value() / 1e9);
  }

  /**
   * Totals of an embedding job.
   *
   * @param rows texts embedded
   * @param tokens tokens fed to the models (special tokens and prefixes included, padding not)
   * @param truncatedTexts texts cut at the model's maximum length
   * @param batches model invocations
   * @param partitions partitions processed
   * @param emptyPartitions partitions without a row (no model is built for them)
   * @param executorLoadSeconds summed time the executors spent building their embedders
   */
  public record Stats(long rows, long tokens, long truncatedTexts, long batches, long partitions,
      long emptyPartitions, double executorLoadSeconds) {
    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT,
          "rows=%d tokens=%d truncatedTexts=%d batches=%d partitions=%d (empty %d) executorLoad=%.1fs",
          rows, tokens, truncatedTexts, batches, partitions, emptyPartitions, executorLoadSeconds);
    }
  }
}

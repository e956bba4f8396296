package dev.embedlab.monitor;

import dev.embedlab.core.Checks;
import dev.embedlab.eval.metrics.Measure;

/**
 * When a {@link QualityProbe} raises an {@link Alert}.
 * <ul>
 *   <li>{@link #below}: the mean of a measure falls below a fixed threshold (e.g. Recall@5 &lt; 0.8);
 *   <li>{@link #dropFromBaseline}: the measure dropped significantly against the probe's baseline
 *       run: paired per-query comparison ({@link dev.embedlab.eval.stats.PairedComparison}), the mean
 *       difference (now − baseline) is below {@code −minDrop} and the two-sided sign-flip
 *       randomisation test gives p &lt; {@code alpha}. Each scheduled run is a new look, so over many
 *       runs a fixed α fires by chance now and then (α per run, on an unchanged system); pick α
 *       accordingly (e.g. 0.01 for a daily probe) and require a practical {@code minDrop}.
 * </ul>
 */
public sealed interface AlertRule {

  /** The measure this rule watches. */
  Measure measure();

  /** Fires when the mean of {@code measure} is below {@code threshold}. */
  static AlertRule below(Measure measure, double threshold) {
    return new Below(measure, threshold);
  }

  /**
   * Fires when {@code measure} dropped by more than {@code minDrop} against the baseline with
   * p &lt; {@code alpha} (10,000 sign flips, seed {@code seed}).
   */
  static AlertRule dropFromBaseline(Measure measure, double alpha, double minDrop, long seed) {
    return new Drop(measure, alpha, minDrop, seed);
  }

  /** A fixed threshold. */
  record Below(Measure measure, double threshold) implements AlertRule {
    public Below {
      if (measure == null || !Double.isFinite(threshold)) {
        throw new IllegalArgumentException("measure must not be null and threshold finite; threshold=" + threshold);
      }
    }
  }

  /** A significant drop against the baseline. */
  record Drop(Measure measure, double alpha, double minDrop, long seed) implements AlertRule {
    public Drop {
      Checks.notNull("measure", measure);
      if (!(alpha > 0 && alpha < 1)) {
        throw new IllegalArgumentException("alpha must be in (0, 1); alpha=" + alpha);
      }
      if (!(minDrop >= 0) || Double.isInfinite(minDrop)) {
        throw new IllegalArgumentException("minDrop must be >= 0 and finite; minDrop=" + minDrop);
      }
    }
  }
}

package dev.embedlab.compress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Accepts a compression only if it keeps enough quality, otherwise says why and keeps the original
 * (rank-aware checks: comparing the mean vector norm before and after compression, a common
 * shortcut, cannot see a codec that keeps norms but reorders neighbours). Thresholds: minimum Spearman ρ of pairwise cosines, minimum recall@k retained (without
 * rescoring, or with rescoring when {@link Builder#rescored(boolean)} is set), and optionally a
 * minimum compression ratio. Among several candidates, {@link #choose} picks the smallest code that
 * passes.
 */
public final class QualityGate {
  private final double minSpearman;
  private final double minRecall;
  private final boolean rescored;
  private final double minCompressionRatio;

  private QualityGate(Builder b) {
    this.minSpearman = b.minSpearman;
    this.minRecall = b.minRecall;
    this.rescored = b.rescored;
    this.minCompressionRatio = b.minCompressionRatio;
  }

  /** Defaults: Spearman ≥ 0.95, recall@k ≥ 0.90 without rescoring, any ratio. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder for {@link QualityGate}. */
  public static final class Builder {
    private double minSpearman = 0.95;
    private double minRecall = 0.90;
    private boolean rescored;
    private double minCompressionRatio = 1.0;

    private Builder() {}

    /** Minimum Spearman ρ, in [-1, 1]. */
    public Builder minSpearman(double v) {
      if (!(v >= -1 && v <= 1)) {
        throw new IllegalArgumentException("minSpearman must be in [-1, 1]; minSpearman=" + v);
      }
      this.minSpearman = v;
      return this;
    }

    /** Minimum recall@k retained, in [0, 1]. */
    public Builder minRecall(double v) {
      if (!(v >= 0 && v <= 1)) {
        throw new IllegalArgumentException("minRecall must be in [0, 1]; minRecall=" + v);
      }
      this.minRecall = v;
      return this;
    }

    /** Judge recall after rescoring (the deployment keeps full vectors for rescoring). */
    public Builder rescored(boolean r) {
      this.rescored = r;
      return this;
    }

    /** Minimum compression ratio, {@code >= 1}. */
    public Builder minCompressionRatio(double v) {
      if (!(v >= 1)) {
        throw new IllegalArgumentException("minCompressionRatio must be >= 1; minCompressionRatio=" + v);
      }
      this.minCompressionRatio = v;
      return this;
    }

    /** The gate. */
    public QualityGate build() {
      return new QualityGate(this);
    }
  }

  /**
   * The verdict on one codec.
   *
   * @param quality what was measured
   * @param accepted whether every threshold was met
   * @param reasons one line per failed threshold (empty when accepted)
   */
  public record Decision(CompressionQuality quality, boolean accepted, List<String> reasons) {
    /** Copies the reasons. */
    public Decision {
      reasons = List.copyOf(reasons);
    }
  }

  /**
   * The outcome of {@link #choose}: the accepted codec with the fewest bytes per vector, or empty
   * when none passed (keep float32), with every decision.
   *
   * @param chosen the accepted codec, if any
   * @param decisions one per candidate, in input order
   */
  public record Choice(Optional<VectorCompressor> chosen, List<Decision> decisions) {
    /** Copies the decisions. */
    public Choice {
      decisions = List.copyOf(decisions);
    }

    /** A one-paragraph explanation for logs and reports. */
    public String summary() {
      StringBuilder sb = new StringBuilder();
      sb.append(chosen.map(c -> "accepted " + c.id()).orElse("kept the original float32 vectors"));
      for (Decision d : decisions) {
        sb.append("\n  ").append(d.quality().codec()).append(": ")
            .append(d.accepted() ? "passes" : String.join("; ", d.reasons()));
      }
      return sb.toString();
    }
  }

  /** Judges one measurement. */
  public Decision evaluate(CompressionQuality q) {
    List<String> reasons = new ArrayList<>();
    if (q.spearman() < minSpearman) {
      reasons.add(String.format(Locale.ROOT, "Spearman %.4f < %.4f", q.spearman(), minSpearman));
    }
    double recall = rescored ? q.recallAtKRescored() : q.recallAtK();
    if (recall < minRecall) {
      reasons.add(String.format(Locale.ROOT, "recall@%d%s %.4f < %.4f", q.k(),
          rescored ? " (rescored ×" + q.oversampling() + ")" : "", recall, minRecall));
    }
    if (q.compressionRatio() < minCompressionRatio) {
      reasons.add(String.format(Locale.ROOT, "compression ratio %.2f < %.2f", q.compressionRatio(),
          minCompressionRatio));
    }
    return new Decision(q, reasons.isEmpty(), reasons);
  }

  /**
   * Measures every candidate (already trained) with {@code meter} and picks the accepted one with
   * the fewest bytes per vector; none accepted means keep the original.
   */
  public Choice choose(List<? extends VectorCompressor> candidates, QualityMeter meter, float[][] docs,
      float[][] queries) {
    if (candidates == null || candidates.isEmpty()) {
      throw new IllegalArgumentException("candidates must not be empty");
    }
    List<Decision> decisions = new ArrayList<>();
    VectorCompressor best = null;
    for (VectorCompressor c : candidates) {
      Decision d = evaluate(meter.measure(c, docs, queries));
      decisions.add(d);
      if (d.accepted() && (best == null || c.bytesPerVector() < best.bytesPerVector())) {
        best = c;
      }
    }
    return new Choice(Optional.ofNullable(best), decisions);
  }
}

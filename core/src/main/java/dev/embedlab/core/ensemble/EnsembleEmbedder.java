package dev.embedlab.core.ensemble;

import dev.embedlab.core.Checks;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedders;
import dev.embedlab.core.NamedEmbedder;
import dev.embedlab.core.VectorUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Several {@link Embedder}s as one. Its id is {@code ensemble(<mode>;<w1>*<id1>,<w2>*<id2>,...)}.
 *
 * <h2>{@link Mode#CONCAT}</h2>
 * Each part's vector is L2-normalised, scaled by √wᵢ and the parts are concatenated:
 * <pre>
 *   e(x) = [ √w₁·û₁(x) ; √w₂·û₂(x) ; … ]        ûᵢ = uᵢ / ‖uᵢ‖
 *   e(q)·e(d) = Σᵢ (√wᵢ)² ûᵢ(q)·ûᵢ(d) = Σᵢ wᵢ·cosᵢ(q, d)
 * </pre>
 * so exact or ANN search by dot product over the concatenation ranks by the weighted sum of the
 * parts' cosine similarities, for any mix of dimensions ({@code dimension() = Σ dᵢ}). Every vector
 * has norm √(Σ wᵢ); with weights summing to 1 it is unit-length, so cosine = dot. A zero vector from
 * a part stays zero (contributes cos = 0). This is the score-level ensemble
 * {@code Σ wᵢ cosᵢ} of e.g. sentence-transformers model ensembles, materialised as one vector.
 *
 * <h2>{@link Mode#WEIGHTED_SUM}</h2>
 * {@code e(x) = normalise(Σᵢ wᵢ·ûᵢ(x))}: all parts must have the same dimension (otherwise an
 * {@link IllegalArgumentException} naming both, e.g. {@code "weighted sum needs equal dimensions:
 * 384!=768"}). Meaningful only when the parts share one vector space — the fp32 and int8 exports of
 * one model, or one model under two preprocessing chains; two different models of equal dimension
 * have unrelated coordinates and their sum is noise. The result is re-normalised to unit length
 * (a zero sum stays zero).
 *
 * <p><b>Ownership.</b> {@link Builder#ownsParts(boolean)} (default {@code true}): the ensemble closes
 * its parts in {@link #close()} (in order; the first failure is rethrown with later ones suppressed).
 * Pass {@code false} when the parts are shared with other code (e.g. evaluated alone in the same
 * bake-off). {@code close()} is idempotent; embedding afterwards throws {@code IllegalStateException(
 * "<id> is closed")}.
 */
public final class EnsembleEmbedder extends NamedEmbedder implements dev.embedlab.core.Fingerprinted,
    dev.embedlab.core.UsageReporting, dev.embedlab.core.retrieval.ProvenanceSource {

  /** How part vectors are combined. */
  public enum Mode {
    /** Concatenate √wᵢ·ûᵢ: dot = Σ wᵢ cosᵢ, any dimensions. */
    CONCAT,
    /** normalise(Σ wᵢ ûᵢ): equal dimensions, same vector space. */
    WEIGHTED_SUM
  }

  private final List<Embedder> parts;
  private final double[] weights;
  private final Mode mode;
  private final boolean ownsParts;
  private volatile boolean closed;

  private EnsembleEmbedder(Builder b) {
    super(idOf(b.mode, checkedParts(b), weightsOf(b)), dimensionOf(b.mode, b.parts));
    this.parts = List.copyOf(b.parts);
    this.weights = weightsOf(b);
    this.mode = b.mode;
    this.ownsParts = b.ownsParts;
  }

  /** The builder's parts, after checking that there is one and that the weights sum above 0. */
  private static List<Embedder> checkedParts(Builder b) {
    if (b.parts.isEmpty()) {
      throw new IllegalArgumentException("an ensemble needs at least one part; parts=0");
    }
    double[] weights = weightsOf(b);
    double sum = 0;
    for (double w : weights) {
      sum += w;
    }
    if (!(sum > 0)) {
      throw new IllegalArgumentException("at least one weight must be > 0; weights="
          + java.util.Arrays.toString(weights));
    }
    return b.parts;
  }

  private static double[] weightsOf(Builder b) {
    return b.weights.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** The sum of the parts' dimensions (concat), or their one common dimension (weighted sum). */
  private static int dimensionOf(Mode mode, List<Embedder> parts) {
    if (mode == Mode.WEIGHTED_SUM) {
      int d0 = parts.get(0).dimension();
      for (Embedder p : parts) {
        if (p.dimension() != d0) {
          throw new IllegalArgumentException(
              "weighted sum needs equal dimensions: " + d0 + "!=" + p.dimension() + " ("
                  + parts.get(0).id() + " vs " + p.id() + ")");
        }
      }
      return d0;
    }
    int d = 0;
    for (Embedder p : parts) {
      d += p.dimension();
    }
    return d;
  }

  /** {@code ensemble(<mode>;<w1>*<id1>,<w2>*<id2>,...)}. */
  private static String idOf(Mode mode, List<Embedder> parts, double[] weights) {
    StringBuilder sb = new StringBuilder("ensemble(").append(mode.name().toLowerCase(Locale.ROOT)).append(';');
    for (int i = 0; i < parts.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(formatWeight(weights[i])).append('*').append(parts.get(i).id());
    }
    return sb.append(')').toString();
  }

  private static String formatWeight(double w) {
    java.math.BigDecimal bd = new java.math.BigDecimal(Double.toString(w)).stripTrailingZeros();
    return bd.scale() < 0 ? bd.setScale(0).toPlainString() : bd.toPlainString();
  }

  /** A builder; add parts with their weights. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link EnsembleEmbedder}. */
  public static final class Builder {
    private final List<Embedder> parts = new ArrayList<>();
    private final List<Double> weights = new ArrayList<>();
    private Mode mode = Mode.CONCAT;
    private boolean ownsParts = true;

    private Builder() {}

    /**
     * Adds a part.
     *
     * @param weight wᵢ, finite and ≥ 0
     * @throws IllegalArgumentException if the part is null or the weight negative or not finite
     */
    public Builder add(Embedder part, double weight) {
      Checks.notNull("part", part);
      if (!Double.isFinite(weight) || weight < 0) {
        throw new IllegalArgumentException(
            "weight must be finite and >= 0; weight=" + weight + " for " + part.id());
      }
      parts.add(part);
      weights.add(weight);
      return this;
    }

    /** Combination mode; default {@link Mode#CONCAT}. */
    public Builder mode(Mode mode) {
      this.mode = Checks.notNull("mode", mode);
      return this;
    }

    /** Whether {@link EnsembleEmbedder#close()} closes the parts; default true. */
    public Builder ownsParts(boolean owns) {
      this.ownsParts = owns;
      return this;
    }

    /**
     * @throws IllegalArgumentException with no parts, all weights 0, or (weighted sum) unequal
     *     dimensions
     */
    public EnsembleEmbedder build() {
      return new EnsembleEmbedder(this);
    }
  }

  /**
   * Combines already-computed part vectors of one text exactly as {@link #embed} does, for callers
   * that hold per-model embeddings (weight search) and must not re-embed.
   *
   * @param partVectors one vector per part, in part order
   */
  public float[] combine(float[]... partVectors) {
    return combine(mode, weights, partVectors);
  }

  /**
   * The combination formula on its own (see the class documentation).
   *
   * @throws IllegalArgumentException if counts differ, a weight is negative, or (weighted sum)
   *     dimensions differ
   */
  public static float[] combine(Mode mode, double[] weights, float[]... partVectors) {
    if (mode == null || weights == null || partVectors == null) {
      throw new IllegalArgumentException("mode, weights and partVectors must not be null");
    }
    if (weights.length != partVectors.length) {
      throw new IllegalArgumentException("need one weight per part; weights=" + weights.length
          + ", parts=" + partVectors.length);
    }
    for (int i = 0; i < partVectors.length; i++) {
      if (partVectors[i] == null) {
        throw new IllegalArgumentException("partVectors[" + i + "] is null");
      }
      if (!Double.isFinite(weights[i]) || weights[i] < 0) {
        throw new IllegalArgumentException("weight must be finite and >= 0; weights[" + i + "]="
            + weights[i]);
      }
    }
    if (mode == Mode.CONCAT) {
      int d = 0;
      for (float[] v : partVectors) {
        d += v.length;
      }
      float[] out = new float[d];
      int off = 0;
      for (int i = 0; i < partVectors.length; i++) {
        float[] v = partVectors[i];
        double n = VectorUtil.norm(v);
        if (n > 0) {
          // one double factor per part: √w / ‖u‖, so the scaling costs one multiply per coordinate
          float f = (float) (Math.sqrt(weights[i]) / n);
          for (int j = 0; j < v.length; j++) {
            out[off + j] = v[j] * f;
          }
        }
        off += v.length;
      }
      return out;
    }
    int d = partVectors[0].length;
    double[] acc = new double[d];
    for (int i = 0; i < partVectors.length; i++) {
      float[] v = partVectors[i];
      if (v.length != d) {
        throw new IllegalArgumentException("weighted sum needs equal dimensions: " + d + "!=" + v.length);
      }
      double n = VectorUtil.norm(v);
      if (n > 0) {
        double f = weights[i] / n;
        for (int j = 0; j < d; j++) {
          acc[j] += v[j] * f;
        }
      }
    }
    double s = 0;
    for (double a : acc) {
      s += a * a;
    }
    double inv = s > 0 ? 1.0 / Math.sqrt(s) : 0;
    float[] out = new float[d];
    for (int j = 0; j < d; j++) {
      out[j] = (float) (acc[j] * inv);
    }
    return out;
  }

  @Override
  public float[][] embed(List<String> texts, Role role) {
    if (closed) {
      throw new IllegalStateException(id() + " is closed");
    }
    Embedders.checkTexts(texts, role);
    float[][][] byPart = new float[parts.size()][][];
    for (int p = 0; p < parts.size(); p++) {
      byPart[p] = parts.get(p).embed(texts, role);
      if (byPart[p].length != texts.size()) {
        throw new IllegalStateException(parts.get(p).id() + " returned " + byPart[p].length
            + " vectors for " + texts.size() + " texts");
      }
      VectorUtil.checkRows(byPart[p], parts.get(p).dimension());
    }
    float[][] out = new float[texts.size()][];
    float[][] one = new float[parts.size()][];
    for (int t = 0; t < texts.size(); t++) {
      for (int p = 0; p < parts.size(); p++) {
        one[p] = byPart[p][t];
      }
      out[t] = combine(mode, weights, one);
    }
    return out;
  }

  /** The parts, in order (unmodifiable). */
  public List<Embedder> parts() {
    return parts;
  }

  /** A copy of the weights, in part order. */
  public double[] weights() {
    return weights.clone();
  }

  /** The combination mode. */
  public Mode mode() {
    return mode;
  }

  /** The mode, weights and every part's fingerprint, in order. */
  @Override
  public String fingerprint() {
    StringBuilder sb = new StringBuilder("ensemble;mode=").append(mode);
    for (int p = 0; p < parts.size(); p++) {
      sb.append(";part").append(p).append("[w=").append(weights[p]).append("]=")
          .append(dev.embedlab.core.Fingerprinted.fingerprintOf(parts.get(p)));
    }
    return sb.toString();
  }

  /** The sum of the parts' usage (each part embeds every text once). */
  @Override
  public Usage usage() {
    Usage u = Usage.NONE;
    for (Embedder p : parts) {
      u = u.plus(dev.embedlab.core.UsageReporting.usageOf(p).orElse(Usage.NONE));
    }
    return u;
  }

  @Override
  public void resetUsage() {
    for (Embedder p : parts) {
      dev.embedlab.core.UsageReporting.resetUsageOf(p);
    }
  }

  @Override
  public dev.embedlab.core.retrieval.Provenance provenance() {
    java.util.List<dev.embedlab.core.retrieval.Provenance> in = new java.util.ArrayList<>();
    for (Embedder p : parts) {
      in.add(dev.embedlab.core.retrieval.ProvenanceSource.provenanceOf(p));
    }
    return new dev.embedlab.core.retrieval.Provenance("ensemble",
        java.util.Map.of("mode", mode.name(), "weights", java.util.Arrays.toString(weights)), in);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!ownsParts) {
      return;
    }
    RuntimeException first = null;
    for (Embedder p : parts) {
      try {
        p.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}

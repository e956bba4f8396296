package dev.embedlab.compress;

import dev.embedlab.core.Checks;
import dev.embedlab.core.retrieval.Similarity;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Unsigned 8-bit scalar quantisation with a per-dimension range {@code [lo_i, hi_i]} learned from a
 * calibration set: {@code c_i = clamp(round((x_i - lo_i) / s_i), 0, 255)} with
 * {@code s_i = (hi_i - lo_i) / 255}, decoded as {@code x̂_i = lo_i + s_i·c_i}. Inside the range the
 * error per component is at most {@code s_i/2}; outside it values are clipped.
 *
 * <p>{@link Calibration#MIN_MAX} takes the observed extremes; {@link Calibration#QUANTILE} takes the
 * {@code 1-q} and {@code q} quantiles (linear interpolation, numpy's default), which spends the 256
 * levels on the bulk of the distribution instead of on outliers (the idea behind Lucene's
 * {@code ScalarQuantizer} confidence interval). The calibration is the artefact: {@link #write} saves
 * it, so the same ranges are used for every later batch — computing ranges per call from the batch
 * itself (as {@code quantize_embeddings} does without {@code calibration_embeddings}) makes codes of
 * different batches incomparable. {@link #fit} warns ({@link #calibrationWarnings()} and the
 * SLF4J, the one logging path of embedlab) when the calibration set is too small to estimate the ranges.
 *
 * <p>Dot-product search uses {@code q·x̂ = Σ q_i lo_i + Σ (q_i s_i) c_i}, one multiply-add per byte.
 */
public final class Int8Compressor implements TrainableCompressor {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Int8Compressor.class);

  /** How the per-dimension range is chosen. */
  public enum Calibration {
    /** Observed minimum and maximum of each dimension. */
    MIN_MAX,
    /** The {@code 1-q} and {@code q} quantiles of each dimension; values outside are clipped. */
    QUANTILE
  }

  private final int dim;
  private final Calibration calibration;
  private final double quantile;
  private final int minCalibrationVectors;
  private float[] lo;
  private float[] step;
  private List<String> warnings = List.of();

  private Int8Compressor(Builder b) {
    this.dim = b.dimension;
    this.calibration = b.calibration;
    this.quantile = b.quantile;
    this.minCalibrationVectors = b.minCalibrationVectors;
  }

  /** A builder for vectors of {@code dimension} components (min/max calibration by default). */
  public static Builder builder(int dimension) {
    return new Builder(dimension);
  }

  /** Builder; see {@link Int8Compressor}. */
  public static final class Builder {
    private final int dimension;
    private Calibration calibration = Calibration.MIN_MAX;
    private double quantile = 0.999;
    private int minCalibrationVectors = 1000;

    private Builder(int dimension) {
      CompressorFormat.checkDimension(dimension);
      this.dimension = dimension;
    }

    /** Range estimator; default {@link Calibration#MIN_MAX}. */
    public Builder calibration(Calibration c) {
      this.calibration = Checks.notNull("calibration", c);
      return this;
    }

    /** Upper quantile {@code q} for {@link Calibration#QUANTILE} (lower is {@code 1-q}); default 0.999. */
    public Builder quantile(double q) {
      if (!(q > 0.5 && q <= 1.0)) {
        throw new IllegalArgumentException("quantile must be in (0.5, 1]; quantile=" + q);
      }
      this.quantile = q;
      return this;
    }

    /** Calibration sets smaller than this produce a warning; default 1000. */
    public Builder minCalibrationVectors(int n) {
      this.minCalibrationVectors = Checks.atLeast("minCalibrationVectors", n, 1);
      return this;
    }

    /** An untrained compressor; call {@link Int8Compressor#fit} before encoding. */
    public Int8Compressor build() {
      return new Int8Compressor(this);
    }
  }

  /** Builds a trained compressor directly from per-dimension ranges (for tests and imports). */
  public static Int8Compressor fromRanges(float[] lo, float[] hi) {
    if (lo == null || hi == null || lo.length != hi.length || lo.length == 0) {
      throw new IllegalArgumentException("lo and hi must be non-empty and of equal length");
    }
    Int8Compressor c = builder(lo.length).build();
    float[] step = new float[lo.length];
    for (int i = 0; i < lo.length; i++) {
      if (!(hi[i] >= lo[i])) {
        throw new IllegalArgumentException("hi must be >= lo at " + i + "; lo=" + lo[i] + ", hi=" + hi[i]);
      }
      step[i] = (hi[i] - lo[i]) / 255f;
    }
    c.lo = lo.clone();
    c.step = step;
    return c;
  }

  @Override
  public void fit(float[][] training) {
    CompressorFormat.checkMatrix(training, dim, "training");
    int n = training.length;
    List<String> warn = new ArrayList<>();
    if (n < minCalibrationVectors) {
      warn.add("int8 calibration set has " + n + " vectors (< " + minCalibrationVectors
          + "); per-dimension ranges may not cover later data, which will be clipped");
    }
    if (calibration == Calibration.QUANTILE && n * (1 - quantile) < 10) {
      warn.add("int8 quantile " + quantile + " from " + n + " vectors leaves "
          + String.format("%.1f", n * (1 - quantile)) + " (< 10) values in each tail; the range is noisy");
    }
    float[] newLo = new float[dim];
    float[] newStep = new float[dim];
    float[] column = new float[n];
    for (int i = 0; i < dim; i++) {
      float l;
      float h;
      if (calibration == Calibration.MIN_MAX) {
        l = Float.POSITIVE_INFINITY;
        h = Float.NEGATIVE_INFINITY;
        for (float[] v : training) {
          l = Math.min(l, v[i]);
          h = Math.max(h, v[i]);
        }
      } else {
        for (int r = 0; r < n; r++) {
          column[r] = training[r][i];
        }
        Arrays.sort(column);
        l = (float) quantileOfSorted(column, 1 - quantile);
        h = (float) quantileOfSorted(column, quantile);
      }
      if (!Float.isFinite(l) || !Float.isFinite(h)) {
        throw new IllegalArgumentException("training has a non-finite value in dimension " + i);
      }
      newLo[i] = l;
      newStep[i] = (h - l) / 255f;
    }
    for (String w : warn) {
      LOG.warn(w);
    }
    this.lo = newLo;
    this.step = newStep;
    this.warnings = List.copyOf(warn);
  }

  /** numpy {@code quantile(..., method="linear")} of an ascending array. */
  static double quantileOfSorted(float[] sorted, double p) {
    double pos = p * (sorted.length - 1);
    int i = (int) Math.floor(pos);
    if (i >= sorted.length - 1) {
      return sorted[sorted.length - 1];
    }
    double frac = pos - i;
    return sorted[i] + frac * ((double) sorted[i + 1] - sorted[i]);
  }

  /** Warnings from the last {@link #fit} (empty when the calibration set was large enough). */
  public List<String> calibrationWarnings() {
    return warnings;
  }

  /** Per-dimension lower bounds of the calibrated range (a copy). */
  public float[] lowerBounds() {
    CompressorFormat.checkTrained(this);
    return lo.clone();
  }

  /** Per-dimension upper bounds {@code lo + 255·step} of the calibrated range (a copy). */
  public float[] upperBounds() {
    CompressorFormat.checkTrained(this);
    float[] hi = new float[dim];
    for (int i = 0; i < dim; i++) {
      hi[i] = lo[i] + 255f * step[i];
    }
    return hi;
  }

  @Override public boolean isTrained() { return lo != null; }
  @Override public CodecKind kind() { return CodecKind.INT8; }
  @Override public int dimension() { return dim; }
  @Override public int bytesPerVector() { return dim; }
  /** The calibration: lower bound and step per dimension. */
  @Override public long fixedBytes() { return 8L * dim; }

  @Override
  public String id() {
    return calibration == Calibration.MIN_MAX ? "int8(minmax)" : "int8(quantile=" + quantile + ")";
  }

  @Override
  public void encode(float[] vector, byte[] dest, int offset) {
    CompressorFormat.checkTrained(this);
    CompressorFormat.checkVector(vector, dim, "vector");
    CompressorFormat.checkRange(dest, offset, dim);
    for (int i = 0; i < dim; i++) {
      int c;
      if (step[i] == 0f) {
        c = 0;
      } else {
        c = Math.round((vector[i] - lo[i]) / step[i]);
        c = Math.max(0, Math.min(255, c));
      }
      dest[offset + i] = (byte) c;
    }
  }

  @Override
  public void decode(byte[] codes, int offset, float[] dest) {
    CompressorFormat.checkTrained(this);
    CompressorFormat.checkRange(codes, offset, dim);
    for (int i = 0; i < dim; i++) {
      dest[i] = lo[i] + step[i] * (codes[offset + i] & 0xFF);
    }
  }

  @Override
  public QueryScorer scorer(float[] query, Similarity similarity) {
    CompressorFormat.checkTrained(this);
    return CompressorFormat.scorer(this, query, similarity, this::dotScorer);
  }

  /** The dot-product scorer of a checked {@code query}. */
  private QueryScorer dotScorer(float[] query) {
    float[] qs = new float[dim];
    double base = 0;
    for (int i = 0; i < dim; i++) {
      qs[i] = query[i] * step[i];
      base += (double) query[i] * lo[i];
    }
    float b = (float) base;
    return (codes, offset) -> {
      // four accumulators: independent FMA chains (see core VectorUtil)
      float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
      int i = 0;
      for (int bound = dim & ~3; i < bound; i += 4) {
        s0 += qs[i] * (codes[offset + i] & 0xFF);
        s1 += qs[i + 1] * (codes[offset + i + 1] & 0xFF);
        s2 += qs[i + 2] * (codes[offset + i + 2] & 0xFF);
        s3 += qs[i + 3] * (codes[offset + i + 3] & 0xFF);
      }
      for (; i < dim; i++) {
        s0 += qs[i] * (codes[offset + i] & 0xFF);
      }
      return b + (s0 + s1) + (s2 + s3);
    };
  }

  @Override
  public void write(OutputStream out) throws IOException {
    CompressorFormat.writeTrained(out, this, data -> {
      data.writeUTF(calibration.name());
      data.writeDouble(quantile);
      data.writeInt(minCalibrationVectors);
      CompressorFormat.writeFloats(data, lo);
      CompressorFormat.writeFloats(data, step);
    });
  }

  static Int8Compressor readPayload(DataInputStream in, int dim) throws IOException {
    Calibration cal;
    String name = in.readUTF();
    try {
      cal = Calibration.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new IOException("corrupt compressor file: unknown int8 calibration " + name, e);
    }
    Builder b = builder(dim).calibration(cal).quantile(in.readDouble())
        .minCalibrationVectors(in.readInt());
    Int8Compressor c = b.build();
    c.lo = CompressorFormat.readFloats(in, dim, "int8 lower bounds");
    c.step = CompressorFormat.readFloats(in, dim, "int8 steps");
    return c;
  }

  /** Checks the meaning of a loaded calibration (the CRC only proves the bytes are intact). */
  void checkLoaded() throws IOException {
    CompressorFormat.checkFinite(lo, "int8 lower bound");
    for (int i = 0; i < dim; i++) {
      if (!(step[i] >= 0f) || !Float.isFinite(step[i])) {
        throw new IOException("corrupt compressor file: int8 step[" + i + "] must be finite and >= 0; step["
            + i + "]=" + step[i]);
      }
      float hi = lo[i] + 255f * step[i];
      if (!Float.isFinite(hi)) {
        throw new IOException("corrupt compressor file: int8 upper bound lower[" + i + "] + 255*step[" + i
            + "] must be finite; lower=" + lo[i] + ", step=" + step[i]);
      }
    }
  }

  @Override public String toString() { return id() + "[dim=" + dim + ", trained=" + isTrained() + "]"; }
}

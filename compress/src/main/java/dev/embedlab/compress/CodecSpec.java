package dev.embedlab.compress;

import dev.embedlab.core.Checks;

/**
 * The storage cost of a codec without training it: bytes per stored vector plus fixed bytes per index
 * (int8 calibration, PQ codebooks, PCA basis). Used by {@link MemoryEstimator}.
 *
 * @param name codec name, such as {@code "float32"} or {@code "pq(m=48,bits=8)"}
 * @param dimension input dimension {@code d}
 * @param bytesPerVector bytes per stored code
 * @param fixedBytes bytes per index independent of the number of vectors
 */
public record CodecSpec(String name, int dimension, long bytesPerVector, long fixedBytes) {
  /** Validates the fields. */
  public CodecSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    CompressorFormat.checkDimension(dimension);
    Checks.atLeast("bytesPerVector", bytesPerVector, 1);
    Checks.atLeast("fixedBytes", fixedBytes, 0);
  }

  /** Uncompressed float32: {@code 4d} bytes. */
  public static CodecSpec float32(int d) {
    return new CodecSpec("float32", d, 4L * d, 0);
  }

  /** float16: {@code 2d} bytes. */
  public static CodecSpec float16(int d) {
    return new CodecSpec("float16", d, 2L * d, 0);
  }

  /** int8: {@code d} bytes plus the calibration ({@code 2d} floats). */
  public static CodecSpec int8(int d) {
    return new CodecSpec("int8", d, d, 8L * d);
  }

  /** binary: {@code ceil(d/8)} bytes. */
  public static CodecSpec binary(int d) {
    return new CodecSpec("binary", d, (d + 7) / 8, 0);
  }

  /** PQ: {@code ceil(m·bits/8)} bytes plus codebooks ({@code 2^bits · d} floats). */
  public static CodecSpec pq(int d, int m, int bits) {
    if (m < 1 || d % m != 0) {
      throw new IllegalArgumentException("m must be >= 1 and divide d=" + d + "; m=" + m);
    }
    if (bits < 1 || bits > 8) {
      throw new IllegalArgumentException("bits must be in [1, 8]; bits=" + bits);
    }
    return new CodecSpec("pq(m=" + m + ",bits=" + bits + ")", d, (m * bits + 7) / 8, 4L * (1L << bits) * d);
  }

  /** PCA to {@code k}: {@code 4k} bytes plus basis and mean ({@code (k+1)·d} floats, {@code k} doubles). */
  public static CodecSpec pca(int d, int k) {
    if (k < 1 || k > d) {
      throw new IllegalArgumentException("k must be in [1, " + d + "]; k=" + k);
    }
    return new CodecSpec("pca(" + k + ")", d, 4L * k, 4L * (k + 1) * d + 8L * k);
  }

  /** Matryoshka truncation to {@code k}: {@code 4k} bytes. */
  public static CodecSpec truncation(int d, int k) {
    if (k < 1 || k > d) {
      throw new IllegalArgumentException("k must be in [1, " + d + "]; k=" + k);
    }
    return new CodecSpec("truncate(" + k + ")", d, 4L * k, 0);
  }

  /** The spec of an existing compressor: its id, bytes per vector and {@link VectorCompressor#fixedBytes()}. */
  public static CodecSpec of(VectorCompressor c) {
    return new CodecSpec(c.id(), c.dimension(), c.bytesPerVector(), c.fixedBytes());
  }

  /** {@code 4d / bytesPerVector}: how many times smaller than float32. */
  public double compressionRatio() {
    return 4.0 * dimension / bytesPerVector;
  }
}

package dev.embedlab.compress;

import dev.embedlab.core.retrieval.Similarity;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Matryoshka-style truncation: keep the first {@code k} of {@code d} components and re-normalise them
 * to unit length, stored as float32 ({@code 4k} bytes). Only models trained with a Matryoshka loss
 * (nomic-embed, OpenAI text-embedding-3, mxbai …) keep most of their quality this way; for others
 * the table produced by {@link CompressionQuality} shows the damage.
 *
 * <p>{@link #decode} returns the re-normalised prefix padded with zeros to {@code d}, so
 * {@link #reconstructionError} measures what is lost. Dot-product search scores {@code q[:k]·x̂}, which
 * ranks documents exactly as the cosine of the prefixes (the query's prefix norm is a per-query
 * constant). Needs no training.
 */
public final class TruncationCompressor implements VectorCompressor {
  private final int dim;
  private final int keep;

  /**
   * Keeps the first {@code keep} of {@code dimension} components.
   *
   * @throws IllegalArgumentException unless {@code 1 <= keep <= dimension}
   */
  public TruncationCompressor(int dimension, int keep) {
    CompressorFormat.checkDimension(dimension);
    if (keep < 1 || keep > dimension) {
      throw new IllegalArgumentException("keep must be in [1, " + dimension + "]; keep=" + keep);
    }
    this.dim = dimension;
    this.keep = keep;
  }

  /** Number of leading components kept. */
  public int keptDimensions() { return keep; }

  @Override public CodecKind kind() { return CodecKind.TRUNCATION; }
  @Override public String id() { return "truncate(" + keep + ")"; }
  @Override public int dimension() { return dim; }
  @Override public int bytesPerVector() { return 4 * keep; }

  @Override
  public void encode(float[] vector, byte[] dest, int offset) {
    CompressorFormat.checkVector(vector, dim, "vector");
    CompressorFormat.checkRange(dest, offset, 4 * keep);
    double s = 0;
    for (int i = 0; i < keep; i++) {
      s += (double) vector[i] * vector[i];
    }
    double inv = s > 0 ? 1.0 / Math.sqrt(s) : 0.0;
    for (int i = 0, o = offset; i < keep; i++, o += 4) {
      putFloat(dest, o, (float) (vector[i] * inv));
    }
  }

  @Override
  public void decode(byte[] codes, int offset, float[] dest) {
    CompressorFormat.checkRange(codes, offset, 4 * keep);
    for (int i = 0, o = offset; i < keep; i++, o += 4) {
      dest[i] = getFloat(codes, o);
    }
    java.util.Arrays.fill(dest, keep, dim, 0f);
  }

  @Override
  public QueryScorer scorer(float[] query, Similarity similarity) {
    return CompressorFormat.scorer(this, query, similarity, this::dotScorer);
  }

  /** The dot-product scorer of a checked {@code query}. */
  private QueryScorer dotScorer(float[] query) {
    float[] q = java.util.Arrays.copyOf(query, keep);
    return (codes, offset) -> {
      float s = 0;
      for (int i = 0, o = offset; i < keep; i++, o += 4) {
        s += q[i] * getFloat(codes, o);
      }
      return s;
    };
  }

  @Override
  public void write(OutputStream out) throws IOException {
    CompressorFormat.write(out, this, data -> data.writeInt(keep));
  }

  static TruncationCompressor readPayload(DataInputStream in, int dim) throws IOException {
    return new TruncationCompressor(dim, in.readInt());
  }

  static void putFloat(byte[] b, int o, float v) {
    int bits = Float.floatToRawIntBits(v);
    b[o] = (byte) bits;
    b[o + 1] = (byte) (bits >>> 8);
    b[o + 2] = (byte) (bits >>> 16);
    b[o + 3] = (byte) (bits >>> 24);
  }

  static float getFloat(byte[] b, int o) {
    return Float.intBitsToFloat((b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8 | (b[o + 2] & 0xFF) << 16
        | (b[o + 3] & 0xFF) << 24);
  }

  @Override public String toString() { return id() + "[dim=" + dim + "]"; }
}

package dev.embedlab.compress;

import dev.embedlab.core.Float16;
import dev.embedlab.core.retrieval.Similarity;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Stores each component as IEEE binary16 ({@link Float16}, round to nearest even): 2 bytes per
 * dimension, relative error at most {@code 2^-11} per component inside the normal half range
 * ({@code 6.1e-5 .. 65504}); embedding components of unit vectors are well inside it, but values
 * below {@code 6.1e-5} lose relative precision (subnormals), and a vector with a component that would
 * round to infinity ({@code |x| >= 65520}) is refused by {@link #encode} with the component named.
 * Needs no training. Codes are little-endian halves.
 */
public final class Float16Compressor implements VectorCompressor {
  private final int dim;

  /** A float16 codec for vectors of {@code dimension} components. */
  public Float16Compressor(int dimension) {
    CompressorFormat.checkDimension(dimension);
    this.dim = dimension;
  }

  @Override public CodecKind kind() { return CodecKind.FLOAT16; }
  @Override public String id() { return "float16"; }
  @Override public int dimension() { return dim; }
  @Override public int bytesPerVector() { return 2 * dim; }

  @Override
  public void encode(float[] vector, byte[] dest, int offset) {
    CompressorFormat.checkVector(vector, dim, "vector");
    CompressorFormat.checkRange(dest, offset, 2 * dim);
    for (int i = 0, o = offset; i < dim; i++, o += 2) {
      short h = Float16.floatToHalf(vector[i]);
      if ((h & 0x7C00) == 0x7C00) { // all-ones exponent: the finite input rounded to infinity
        throw new IllegalArgumentException("vector[" + i + "]=" + vector[i] + " is beyond float16's range"
            + " (|x| < 65520 rounds to at most 65504; this value would be stored as infinity)");
      }
      dest[o] = (byte) h;
      dest[o + 1] = (byte) (h >>> 8);
    }
  }

  @Override
  public void decode(byte[] codes, int offset, float[] dest) {
    CompressorFormat.checkRange(codes, offset, 2 * dim);
    for (int i = 0, o = offset; i < dim; i++, o += 2) {
      dest[i] = Float16.halfToFloat((short) ((codes[o] & 0xFF) | (codes[o + 1] << 8)));
    }
  }

  @Override
  public QueryScorer scorer(float[] query, Similarity similarity) {
    return CompressorFormat.decodingScorer(this, query, similarity);
  }

  @Override
  public void write(OutputStream out) throws IOException {
    CompressorFormat.write(out, this, data -> { });
  }

  static Float16Compressor readPayload(DataInputStream in, int dim) {
    return new Float16Compressor(dim);
  }

  @Override public String toString() { return id() + "[dim=" + dim + "]"; }
}

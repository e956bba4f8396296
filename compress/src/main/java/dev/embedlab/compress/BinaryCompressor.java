package dev.embedlab.compress;

import dev.embedlab.core.retrieval.Similarity;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * One bit per component: bit {@code i} is 1 when {@code x[i] > 0} (sentence-transformers'
 * {@code quantize_embeddings(precision="ubinary")} rule), packed little-endian,
 * {@code ceil(d/8)} bytes per vector (32× smaller than float32).
 *
 * <p>Search compares the query's sign bits with each code by Hamming distance {@code h}, computed
 * 64 bits at a time with {@link Long#bitCount}; the score is {@code d - 2h}, the inner product of the
 * two ±1 vectors, so larger is more similar under either {@link Similarity}. Decoding returns
 * {@code ±1/√d} per component (a unit vector with the same signs). Needs no training.
 */
public final class BinaryCompressor implements VectorCompressor {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private final int dim;
  private final int bytes;

  /** A binary codec for vectors of {@code dimension} components. */
  public BinaryCompressor(int dimension) {
    CompressorFormat.checkDimension(dimension);
    this.dim = dimension;
    this.bytes = (dimension + 7) >>> 3;
  }

  @Override public CodecKind kind() { return CodecKind.BINARY; }
  @Override public String id() { return "binary"; }
  @Override public int dimension() { return dim; }
  @Override public int bytesPerVector() { return bytes; }

  @Override
  public void encode(float[] vector, byte[] dest, int offset) {
    CompressorFormat.checkVector(vector, dim, "vector");
    CompressorFormat.checkRange(dest, offset, bytes);
    for (int b = 0; b < bytes; b++) {
      int v = 0;
      int base = b << 3;
      for (int j = 0; j < 8 && base + j < dim; j++) {
        if (vector[base + j] > 0f) {
          v |= 1 << j;
        }
      }
      dest[offset + b] = (byte) v;
    }
  }

  @Override
  public void decode(byte[] codes, int offset, float[] dest) {
    CompressorFormat.checkRange(codes, offset, bytes);
    float s = (float) (1.0 / Math.sqrt(dim));
    for (int i = 0; i < dim; i++) {
      dest[i] = ((codes[offset + (i >>> 3)] >>> (i & 7)) & 1) != 0 ? s : -s;
    }
  }

  /**
   * Hamming distance between the codes at {@code a[aOff]} and {@code b[bOff]}, each
   * {@link #bytesPerVector()} long: 8 bytes at a time through {@link Long#bitCount}, then the tail.
   */
  public int hamming(byte[] a, int aOff, byte[] b, int bOff) {
    int h = 0;
    int i = 0;
    for (int bound = bytes & ~7; i < bound; i += 8) {
      h += Long.bitCount((long) LONGS.get(a, aOff + i) ^ (long) LONGS.get(b, bOff + i));
    }
    for (; i < bytes; i++) {
      h += Integer.bitCount((a[aOff + i] ^ b[bOff + i]) & 0xFF);
    }
    return h;
  }

  @Override
  public QueryScorer scorer(float[] query, Similarity similarity) {
    byte[] q = encode(query);
    return (codes, offset) -> dim - 2 * hamming(q, 0, codes, offset);
  }

  @Override
  public void write(OutputStream out) throws IOException {
    CompressorFormat.write(out, this, data -> { });
  }

  static BinaryCompressor readPayload(DataInputStream in, int dim) {
    return new BinaryCompressor(dim);
  }

  @Override public String toString() { return id() + "[dim=" + dim + "]"; }
}

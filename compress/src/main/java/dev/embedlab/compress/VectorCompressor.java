package dev.embedlab.compress;

import dev.embedlab.core.retrieval.Similarity;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One shape for every codec: a vector of {@link #dimension()} floats becomes a code of exactly
 * {@link #bytesPerVector()} bytes and back (lossily), queries are scored directly against codes, and a
 * configured or trained compressor is a versioned artefact ({@link #write}/{@link #read}) that a
 * service can load later instead of re-calibrating per call.
 *
 * <p>File format (version {@value CompressorFormat#VERSION}, big-endian): magic {@code "EMBC"}, format
 * version ({@code short}), codec kind name (modified UTF-8), input dimension ({@code int}), codec
 * payload, then the CRC-32 of everything before it ({@code long}). Reading a file with another magic, an
 * unknown version, a truncated body, a wrong checksum, bytes after the footer, or sizes the file cannot
 * hold throws an {@link IOException} that says which.
 *
 * <p>Every vector given to {@code fit}, {@link #encode} or {@link #scorer} passes the library's vector
 * policy ({@link dev.embedlab.core.VectorUtil#checkFinite}: finite components, L2 norm at most 2^63);
 * a vector that breaks it, or that the codec cannot represent (float16 beyond ±65504), is refused with
 * an {@link IllegalArgumentException} naming the component. Codecs are also found by name:
 * {@link Codecs#named(String)}.
 *
 * <p>Codecs that learn from data also implement {@link TrainableCompressor}. Implementations are
 * immutable once trained and safe to share between threads; {@link QueryScorer}s are per query.
 */
public interface VectorCompressor {

  /** Which codec this is. */
  CodecKind kind();

  /** A short description with the parameters, such as {@code "pq(m=48,bits=8)"}. */
  String id();

  /** Length of the vectors this compressor accepts (and {@link #decode} returns). */
  int dimension();

  /** Exact size of one code in bytes. */
  int bytesPerVector();

  /**
   * Bytes the codec holds whatever the number of vectors (int8 calibration, PQ codebooks and OPQ
   * rotation, PCA basis and mean); 0 for codecs that learn nothing. Used by {@link CodecSpec#of}.
   */
  default long fixedBytes() {
    return 0;
  }

  /**
   * Encodes {@code vector} into {@code dest[offset .. offset + bytesPerVector())}.
   *
   * @throws IllegalArgumentException if the vector has the wrong dimension or the range is too short
   * @throws IllegalStateException if the compressor needs training and has not been fitted
   */
  void encode(float[] vector, byte[] dest, int offset);

  /** Decodes the code at {@code codes[offset]} into {@code dest} (length {@link #dimension()}). */
  void decode(byte[] codes, int offset, float[] dest);

  /**
   * A scorer for {@code query} against stored codes under {@code similarity}; codecs precompute what
   * they can (ADC tables for PQ, the query's sign bits for binary, scaled query for int8).
   */
  QueryScorer scorer(float[] query, Similarity similarity);

  /** Writes this compressor (configuration and trained state) to {@code out}; does not close it. */
  void write(OutputStream out) throws IOException;

  /** Encodes one vector into a new array of {@link #bytesPerVector()} bytes. */
  default byte[] encode(float[] vector) {
    byte[] code = new byte[bytesPerVector()];
    encode(vector, code, 0);
    return code;
  }

  /** Decodes one code of exactly {@link #bytesPerVector()} bytes. */
  default float[] decode(byte[] code) {
    if (code == null || code.length != bytesPerVector()) {
      throw new IllegalArgumentException("code length must be " + bytesPerVector() + "; length="
          + (code == null ? "null" : code.length));
    }
    float[] out = new float[dimension()];
    decode(code, 0, out);
    return out;
  }

  /**
   * Mean squared reconstruction error {@code (1/n) Σ ||x - decode(encode(x))||²} over the rows,
   * accumulated in double.
   */
  default double reconstructionError(float[][] vectors) {
    CompressorFormat.checkMatrix(vectors, dimension(), "vectors");
    byte[] code = new byte[bytesPerVector()];
    float[] back = new float[dimension()];
    double sum = 0;
    for (float[] v : vectors) {
      encode(v, code, 0);
      decode(code, 0, back);
      for (int i = 0; i < v.length; i++) {
        double d = (double) v[i] - back[i];
        sum += d * d;
      }
    }
    return sum / vectors.length;
  }

  /** Writes this compressor to a file (created or replaced). */
  default void write(Path path) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path))) {
      write(out);
    }
  }

  /**
   * Reads any compressor written by {@link #write(OutputStream)} from the rest of {@code in}, which
   * must end right after the CRC footer: trailing bytes, a dimension above 65,536 or an array larger
   * than the bytes left are refused with an {@link IOException} that names them.
   */
  static VectorCompressor read(InputStream in) throws IOException {
    return CompressorFormat.read(in);
  }

  /** Reads any compressor written by {@link #write(Path)}. */
  static VectorCompressor read(Path path) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
      return CompressorFormat.read(in);
    } catch (IOException e) {
      throw new IOException(path + ": " + e.getMessage(), e);
    }
  }
}

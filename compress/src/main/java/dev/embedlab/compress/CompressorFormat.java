package dev.embedlab.compress;

import dev.embedlab.core.Checks;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.retrieval.Similarity;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The shared header/checksum framing of saved compressors, and argument checks used by all codecs.
 *
 * <p>Every vector that enters a codec ({@code fit}, {@code encode}, a query) passes the library's one
 * vector policy, {@link VectorUtil#checkFinite}: finite components and an L2 norm of at most 2^63.
 * A loaded file is read whole (at most {@link #MAX_FILE_BYTES}), its declared sizes checked against the
 * bytes that remain before they are allocated, its dimension against {@link #MAX_DIMENSION}, and a byte
 * after the CRC footer is refused: the file must be exactly what {@link #write} wrote.
 */
final class CompressorFormat {
  private CompressorFormat() {}

  /** {@code "EMBC"} in ASCII. */
  static final int MAGIC = 0x454D4243;
  /** The one format version this library writes and reads. */
  static final short VERSION = 1;
  /** Refuse arrays larger than this when reading (a corrupt length must not allocate gigabytes). */
  private static final int MAX_ARRAY = 1 << 28;
  /**
   * Largest input dimension a loaded file may declare, 65,536: sixteen times the widest embedding
   * models ship today (4,096), and small enough that one decoded vector (256 KiB) is never a surprise.
   * A corrupt or hostile dimension such as 2^30 is refused at load, not at the first encode.
   */
  static final int MAX_DIMENSION = 1 << 16;
  /** Largest compressor file read: 1 GiB (an OPQ rotation of d = 16,384 takes 1 GiB itself). */
  static final int MAX_FILE_BYTES = 1 << 30;

  interface Payload {
    void write(DataOutputStream out) throws IOException;
  }

  static void write(OutputStream out, VectorCompressor c, Payload payload) throws IOException {
    CRC32 crc = new CRC32();
    DataOutputStream data = new DataOutputStream(new CheckedOutputStream(out, crc));
    data.writeInt(MAGIC);
    data.writeShort(VERSION);
    data.writeUTF(c.kind().name());
    data.writeInt(c.dimension());
    payload.write(data);
    data.flush();
    new DataOutputStream(out).writeLong(crc.getValue());
    out.flush();
  }

  /**
   * Reads one compressor from the rest of {@code in}: the stream must end right after the CRC footer
   * (bytes after it are refused as a damaged or concatenated file).
   */
  static VectorCompressor read(InputStream in) throws IOException {
    byte[] all = in.readNBytes(MAX_FILE_BYTES + 1);
    if (all.length > MAX_FILE_BYTES) {
      throw new IOException("compressor file larger than " + MAX_FILE_BYTES + " bytes; refused");
    }
    return read(all);
  }

  private static VectorCompressor read(byte[] file) throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(file);
    CRC32 crc = new CRC32();
    DataInputStream data = new DataInputStream(new CheckedInputStream(in, crc));
    String stage = "header";
    try {
      int magic = data.readInt();
      if (magic != MAGIC) {
        throw new IOException(String.format(
            "not an embedlab compressor file: magic 0x%08X != 0x%08X", magic, MAGIC));
      }
      short version = data.readShort();
      if (version != VERSION) {
        throw new IOException("unsupported compressor file version " + version
            + "; this library reads version " + VERSION);
      }
      String kindName = data.readUTF();
      CodecKind kind;
      try {
        kind = CodecKind.valueOf(kindName);
      } catch (IllegalArgumentException e) {
        throw new IOException("unknown codec kind in compressor file: " + kindName, e);
      }
      int dim = data.readInt();
      if (dim < 1 || dim > MAX_DIMENSION) {
        throw new IOException("corrupt compressor file: dimension must be in [1, " + MAX_DIMENSION
            + "]; dimension=" + dim + " (file of " + file.length + " bytes)");
      }
      stage = kind + " payload";
      VectorCompressor c = switch (kind) {
        case FLOAT16 -> Float16Compressor.readPayload(data, dim);
        case INT8 -> Int8Compressor.readPayload(data, dim);
        case BINARY -> BinaryCompressor.readPayload(data, dim);
        case PRODUCT_QUANTIZATION -> ProductQuantizer.readPayload(data, dim);
        case PCA -> PcaCompressor.readPayload(data, dim);
        case TRUNCATION -> TruncationCompressor.readPayload(data, dim);
      };
      long computed = crc.getValue();
      stage = "checksum";
      long stored = new DataInputStream(in).readLong();
      if (stored != computed) {
        throw new IOException(String.format(
            "corrupt compressor file: CRC-32 0x%08X != stored 0x%08X", computed, stored));
      }
      if (in.available() > 0) {
        throw new IOException("corrupt compressor file: " + in.available() + " bytes after the CRC footer at byte "
            + (file.length - in.available()) + "; a compressor file ends with its footer");
      }
      // the checksum only proves the bytes are what was written; check that they mean something
      if (c instanceof Int8Compressor i8) {
        i8.checkLoaded();
      } else if (c instanceof ProductQuantizer pq) {
        pq.checkLoaded();
      } else if (c instanceof PcaCompressor pca) {
        pca.checkLoaded();
      }
      return c;
    } catch (EOFException e) {
      throw new IOException("truncated compressor file: ended while reading the " + stage, e);
    } catch (IllegalArgumentException e) {
      throw new IOException("corrupt compressor file (" + stage + "): " + e.getMessage(), e);
    }
  }

  /**
   * As {@link #write}, for a codec that must be trained first: an untrained one is refused before a byte
   * is written (the promise of {@link TrainableCompressor}).
   */
  static void writeTrained(OutputStream out, TrainableCompressor c, Payload payload) throws IOException {
    checkTrained(c);
    write(out, c, payload);
  }

  static void writeFloats(DataOutputStream out, float[] a) throws IOException {
    out.writeInt(a.length);
    for (float v : a) {
      out.writeFloat(v);
    }
  }

  static float[] readFloats(DataInputStream in, int expected, String what) throws IOException {
    int n = in.readInt();
    if (n != expected || n < 0 || n > MAX_ARRAY) {
      throw new IOException("corrupt compressor file: " + what + " length must be " + expected
          + "; length=" + n);
    }
    // in reads from a byte array (see read): available() is exact, so a size the file cannot hold
    // is refused before the array is allocated
    if (4L * n > in.available()) {
      throw new IOException("truncated compressor file (or a corrupt size): " + what + " declares " + n + " floats (" + 4L * n
          + " bytes); only " + in.available() + " bytes remain");
    }
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = in.readFloat();
    }
    return a;
  }

  /**
   * Largest {@code |(M·Mᵀ)_ab - δ_ab|} a loaded matrix with orthonormal rows (OPQ rotation, PCA
   * components) may show. This library writes them within about {@code 2·2⁻²⁴ ≈ 1.2e-7} (an
   * orthonormal double matrix rounded to float); 1e-3 also accepts files written before the OPQ
   * rotation was computed by SVD (seen up to 1.2e-4), and bounds the relative error that a
   * non-orthogonal matrix would bring to the ADC scores and decoded vectors at 0.1%.
   */
  static final double LOADED_ORTHONORMALITY_TOLERANCE = 1e-3;

  /** IOException unless every {@code a[i]} is finite, naming {@code what[i]} and its value. */
  static void checkFinite(float[] a, String what) throws IOException {
    for (int i = 0; i < a.length; i++) {
      if (!Float.isFinite(a[i])) {
        throw new IOException("corrupt compressor file: " + what + "[" + i + "] must be finite; "
            + what + "[" + i + "]=" + a[i]);
      }
    }
  }

  /** IOException unless the {@code rows×cols} row-major {@code m} has orthonormal rows within tolerance. */
  static void checkOrthonormalRows(float[] m, int rows, int cols, String what) throws IOException {
    checkFinite(m, what);
    double err = Rotation.orthonormalityError(m, rows, cols);
    if (!(err <= LOADED_ORTHONORMALITY_TOLERANCE)) {
      throw new IOException("corrupt compressor file: " + what + " rows must be orthonormal within "
          + LOADED_ORTHONORMALITY_TOLERANCE + "; max |M·Mᵀ - I|=" + err);
    }
  }

  /** Dimension, then the vector policy ({@link VectorUtil#checkFinite}): finite, L2 norm at most 2^63. */
  static void checkVector(float[] v, int dim, String name) {
    if (v == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    if (v.length != dim) {
      throw new IllegalArgumentException("vector dimensions differ: " + v.length + "!=" + dim);
    }
    VectorUtil.checkFinite(v, name);
  }

  static void checkMatrix(float[][] m, int dim, String name) {
    if (m == null || m.length == 0) {
      throw new IllegalArgumentException(name + " must hold >= 1 vector; "
          + (m == null ? name + "=null" : "length=0"));
    }
    for (int i = 0; i < m.length; i++) {
      if (m[i] == null) {
        throw new IllegalArgumentException(name + "[" + i + "] must not be null");
      }
      if (m[i].length != dim) {
        throw new IllegalArgumentException("vector dimensions differ at " + name + "[" + i + "]: "
            + m[i].length + "!=" + dim);
      }
      VectorUtil.checkFinite(m[i], name + "[" + i + "]");
    }
  }

  /** What {@link TrainableCompressor} promises: using one before {@code fit} names it and says what to do. */
  static void checkTrained(TrainableCompressor c) {
    if (!c.isTrained()) {
      throw new IllegalStateException(c.id() + " is not trained; call fit(...) first");
    }
  }

  static void checkRange(byte[] dest, int offset, int length) {
    if (dest == null || offset < 0 || offset > dest.length - length) {
      throw new IllegalArgumentException("code range [" + offset + ", " + offset + "+" + length
          + ") outside array of length " + (dest == null ? "null" : dest.length));
    }
  }

  /**
   * A codec's scorer: for squared L2 the {@link #decodingScorer} (exact on the reconstruction); for the
   * dot product the codec's own {@code dot} scorer of the query, once it is checked (dimension, finite).
   */
  static QueryScorer scorer(VectorCompressor c, float[] query, Similarity sim,
      java.util.function.Function<float[], QueryScorer> dot) {
    if (sim == Similarity.NEGATIVE_SQUARED_L2) {
      return decodingScorer(c, query, sim);
    }
    checkVector(query, c.dimension(), "query");
    return dot.apply(query);
  }

  /** A scorer that decodes each code and compares it with the query (the fallback for all codecs). */
  static QueryScorer decodingScorer(VectorCompressor c, float[] query, Similarity sim) {
    checkVector(query, c.dimension(), "query");
    float[] q = query.clone();
    float[] buf = new float[c.dimension()];
    if (sim == Similarity.DOT_PRODUCT) {
      return (codes, offset) -> {
        c.decode(codes, offset, buf);
        double s = 0;
        for (int i = 0; i < buf.length; i++) {
          s += q[i] * buf[i];
        }
        return (float) s;
      };
    }
    return (codes, offset) -> {
      c.decode(codes, offset, buf);
      double s = 0;
      for (int i = 0; i < buf.length; i++) {
        double d = q[i] - buf[i];
        s += d * d;
      }
      return (float) -s;
    };
  }

  static void checkDimension(int dim) {
    Checks.atLeast("dimension", dim, 1);
  }
}

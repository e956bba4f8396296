package dev.embedlab.tune.adapter;

import dev.embedlab.core.Checks;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * An affine map {@code y = W·x + b} on embeddings ({@code W} is d×d, {@code b} optional), applied
 * to queries and, if {@link AdapterSides#BOTH}, to documents; {@link #apply(float[])} re-normalises
 * the result to unit length, so that dot products of adapted vectors are cosines.
 *
 * <p>Immutable. {@link #identity(int, boolean, AdapterSides)} is the starting point of training and
 * leaves every ranking unchanged.
 *
 * <p>Artefact format (big-endian, version 1): magic {@code "EMBLADPT"} (8 bytes), int version,
 * int input dimension, int output dimension (equal in version 1), byte sides (0 = QUERY, 1 = BOTH),
 * byte hasBias, {@code d·d} floats of {@code W} row-major, {@code d} floats of {@code b} if present,
 * then the CRC-32 of everything before it as a long. A wrong magic, an unknown version, a truncated
 * file or a checksum mismatch is an {@link IOException} that says which.
 */
public final class LinearAdapter {
  /** File magic. */
  static final byte[] MAGIC = "EMBLADPT".getBytes(StandardCharsets.US_ASCII);
  /** The only format version this build writes and reads. */
  public static final int FORMAT_VERSION = 1;
  /** Upper bound on a dimension read from a file, so a corrupt header cannot allocate gigabytes. */
  static final int MAX_DIMENSION = 1 << 15;

  private final int dimension;
  private final float[] weights;
  private final float[] bias;
  private final AdapterSides sides;

  /**
   * @param dimension d
   * @param weights {@code W}, row-major d×d ({@code W[r][c] = weights[r*d + c]}); copied
   * @param bias {@code b} of length d, or {@code null} for none; copied
   * @param sides which texts the adapter transforms
   */
  public LinearAdapter(int dimension, float[] weights, float[] bias, AdapterSides sides) {
    if (dimension < 1 || dimension > MAX_DIMENSION) {
      throw new IllegalArgumentException(
          "dimension must be in [1, " + MAX_DIMENSION + "]; dimension=" + dimension);
    }
    if (weights == null || weights.length != dimension * dimension) {
      throw new IllegalArgumentException("weights must have d*d=" + dimension * dimension
          + " entries; found " + (weights == null ? "null" : weights.length));
    }
    if (bias != null && bias.length != dimension) {
      throw new IllegalArgumentException(
          "bias must have d=" + dimension + " entries; found " + bias.length);
    }
    Checks.notNull("sides", sides);
    checkFinite(weights, "weights");
    if (bias != null) {
      checkFinite(bias, "bias");
    }
    this.dimension = dimension;
    this.weights = weights.clone();
    this.bias = bias == null ? null : bias.clone();
    this.sides = sides;
  }

  /** The identity map (zero bias if {@code withBias}). */
  public static LinearAdapter identity(int dimension, boolean withBias, AdapterSides sides) {
    if (dimension < 1 || dimension > MAX_DIMENSION) {
      throw new IllegalArgumentException(
          "dimension must be in [1, " + MAX_DIMENSION + "]; dimension=" + dimension);
    }
    float[] w = new float[dimension * dimension];
    for (int i = 0; i < dimension; i++) {
      w[i * dimension + i] = 1f;
    }
    return new LinearAdapter(dimension, w, withBias ? new float[dimension] : null, sides);
  }

  public int dimension() {
    return dimension;
  }

  public AdapterSides sides() {
    return sides;
  }

  public boolean hasBias() {
    return bias != null;
  }

  /** A copy of {@code W}, row-major. */
  public float[] weights() {
    return weights.clone();
  }

  /** A copy of {@code b}, or {@code null}. */
  public float[] bias() {
    return bias == null ? null : bias.clone();
  }

  /** Whether texts of this role are transformed. */
  public boolean appliesTo(dev.embedlab.core.Embedder.Role role) {
    return role == dev.embedlab.core.Embedder.Role.QUERY || sides == AdapterSides.BOTH;
  }

  /** {@code W·x + b}, not normalised. Accumulated in double. */
  public float[] transform(float[] x) {
    if (x == null || x.length != dimension) {
      throw new IllegalArgumentException("vector dimensions differ: " + (x == null ? "null" : x.length)
          + "!=" + dimension);
    }
    float[] y = new float[dimension];
    for (int r = 0; r < dimension; r++) {
      int off = r * dimension;
      double s = bias == null ? 0 : bias[r];
      for (int c = 0; c < dimension; c++) {
        s += (double) weights[off + c] * x[c];
      }
      y[r] = (float) s;
    }
    return y;
  }

  /** {@code (W·x + b) / ‖W·x + b‖}; a zero result stays zero. */
  public float[] apply(float[] x) {
    return dev.embedlab.core.VectorUtil.normalizeInPlace(transform(x));
  }

  /** {@link #apply(float[])} on every row. */
  public float[][] apply(float[][] rows) {
    Checks.notNull("rows", rows);
    float[][] out = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = apply(rows[i]);
    }
    return out;
  }

  /** Frobenius distance {@code ‖W − I‖_F} (how far training moved the map). */
  public double distanceFromIdentity() {
    double s = 0;
    for (int r = 0; r < dimension; r++) {
      for (int c = 0; c < dimension; c++) {
        double v = weights[r * dimension + c] - (r == c ? 1.0 : 0.0);
        s += v * v;
      }
    }
    if (bias != null) {
      for (float v : bias) {
        s += (double) v * v;
      }
    }
    return Math.sqrt(s);
  }

  /** A short, stable fingerprint of the contents (hex CRC-32 of the artefact bytes). */
  public String fingerprint() {
    CRC32 crc = new CRC32();
    try (CheckedOutputStream cos = new CheckedOutputStream(OutputStream.nullOutputStream(), crc)) {
      writeBody(new DataOutputStream(cos));
    } catch (IOException e) {
      throw new IllegalStateException("writing to a null stream failed", e);
    }
    return String.format("%08x", crc.getValue());
  }

  /** Writes the versioned artefact to {@code out} (not closed). */
  public void write(OutputStream out) throws IOException {
    CRC32 crc = new CRC32();
    CheckedOutputStream cos = new CheckedOutputStream(out, crc);
    DataOutputStream data = new DataOutputStream(new BufferedOutputStream(cos));
    writeBody(data);
    data.flush();
    new DataOutputStream(out).writeLong(crc.getValue());
    out.flush();
  }

  private void writeBody(DataOutputStream data) throws IOException {
    data.write(MAGIC);
    data.writeInt(FORMAT_VERSION);
    data.writeInt(dimension);
    data.writeInt(dimension);
    data.writeByte(sides == AdapterSides.QUERY ? 0 : 1);
    data.writeByte(bias == null ? 0 : 1);
    for (float w : weights) {
      data.writeFloat(w);
    }
    if (bias != null) {
      for (float v : bias) {
        data.writeFloat(v);
      }
    }
    data.flush();
  }

  /** Writes the artefact to a file (created or replaced). */
  public void save(Path file) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      write(out);
    }
  }

  /** Reads an artefact written by {@link #save(Path)}. */
  public static LinearAdapter load(Path file) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      return read(in);
    } catch (IOException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads an artefact written by {@link #write(OutputStream)}.
   *
   * @throws IOException on a wrong magic, unknown version, bad header, truncation or CRC mismatch
   */
  public static LinearAdapter read(InputStream in) throws IOException {
    CRC32 crc = new CRC32();
    DataInputStream data = new DataInputStream(new CheckedInputStream(in, crc));
    try {
      byte[] magic = new byte[MAGIC.length];
      data.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IOException("not an embedlab adapter: expected magic EMBLADPT, found "
            + new String(magic, StandardCharsets.ISO_8859_1).replaceAll("\\p{Cntrl}", "?"));
      }
      int version = data.readInt();
      if (version != FORMAT_VERSION) {
        throw new IOException("unsupported adapter format version " + version + "; this build reads version "
            + FORMAT_VERSION);
      }
      int in0 = data.readInt();
      int out0 = data.readInt();
      if (in0 < 1 || in0 > MAX_DIMENSION || out0 != in0) {
        throw new IOException("bad adapter header: input dimension " + in0 + ", output dimension " + out0
            + " (version 1 needs equal dimensions in [1, " + MAX_DIMENSION + "])");
      }
      int sidesByte = data.readUnsignedByte();
      if (sidesByte > 1) {
        throw new IOException("bad adapter header: sides byte must be 0 or 1; found " + sidesByte);
      }
      int biasByte = data.readUnsignedByte();
      if (biasByte > 1) {
        throw new IOException("bad adapter header: bias byte must be 0 or 1; found " + biasByte);
      }
      float[] w = new float[in0 * in0];
      for (int i = 0; i < w.length; i++) {
        w[i] = data.readFloat();
      }
      float[] b = null;
      if (biasByte == 1) {
        b = new float[in0];
        for (int i = 0; i < in0; i++) {
          b[i] = data.readFloat();
        }
      }
      long expected = crc.getValue();
      long stored = new DataInputStream(in).readLong();
      if (stored != expected) {
        throw new IOException(String.format("adapter checksum mismatch: stored %08x, computed %08x", stored, expected));
      }
      try {
        return new LinearAdapter(in0, w, b, sidesByte == 0 ? AdapterSides.QUERY : AdapterSides.BOTH);
      } catch (IllegalArgumentException e) {
        throw new IOException("bad adapter contents: " + e.getMessage(), e);
      }
    } catch (EOFException e) {
      throw new IOException("truncated adapter artefact: the stream ended before the header, weights and checksum"
          + " were read", e);
    }
  }

  private static void checkFinite(float[] a, String name) {
    for (int i = 0; i < a.length; i++) {
      if (!Float.isFinite(a[i])) {
        throw new IllegalArgumentException(name + " must be finite; " + name + "[" + i + "]=" + a[i]);
      }
    }
  }

  @Override
  public String toString() {
    return "LinearAdapter[d=" + dimension + ", sides=" + sides + ", bias=" + hasBias() + ", |W-I|="
        + String.format("%.4f", distanceFromIdentity()) + ", fingerprint=" + fingerprint() + "]";
  }
}

package dev.embedlab.ann;

import dev.embedlab.core.io.ChecksummedFile;
import dev.embedlab.core.io.CorruptFileException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * File framing of the ANN indexes: core's {@link ChecksummedFile} (magic, version, payload,
 * CRC-32C footer), written to a temporary sibling and moved into place, verified before parsing.
 * Magics: {@link #HNSW_META_MAGIC} ({@code "ELAH"}), {@link #IVF_MAGIC} ({@code "ELAI"}) and
 * {@link #JVECTOR_MAGIC} ({@code "ELAJ"}).
 */
final class AnnFiles {
  /** {@code "ELAH"}: the metadata file beside a Lucene HNSW index. */
  static final int HNSW_META_MAGIC = 0x454C4148;
  /** {@code "ELAI"}: an IVF index. */
  static final int IVF_MAGIC = 0x454C4149;
  /** {@code "ELAJ"}: a jvector graph index. */
  static final int JVECTOR_MAGIC = 0x454C414A;
  /** Refuse lengths above this when reading (a corrupt length must not allocate gigabytes). */
  static final int MAX_ARRAY = 1 << 30;

  private AnnFiles() {}

  static void write(Path file, int magic, int version, ChecksummedFile.Payload payload) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      ChecksummedFile.write(out, magic, version, payload);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Checks existence, magic, version and checksum, then opens the payload. */
  static DataInputStream open(Path file, int magic, int version, String what) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": expected " + what + " file, found "
          + (Files.exists(file) ? "something that is not a regular file" : "nothing"));
    }
    ChecksummedFile.Header h = ChecksummedFile.readHeader(file);
    if (h.magic() != magic) {
      throw new CorruptFileException(file, "expected " + what + " (magic " + ChecksummedFile.magicText(magic)
          + "), found magic " + h.magicText());
    }
    if (h.version() != version) {
      throw new CorruptFileException(file, "expected " + what + " version " + version + ", found version "
          + h.version() + " (written by a different embedlab version)");
    }
    ChecksummedFile.verify(file);
    return ChecksummedFile.openPayload(file);
  }

  static void writeFloats(DataOutputStream out, float[] a) throws IOException {
    out.writeInt(a.length);
    ByteBuffer b = ByteBuffer.allocate(4 * Math.min(a.length, 1 << 14));
    for (int i = 0; i < a.length; ) {
      b.clear();
      int n = Math.min(a.length - i, b.capacity() / 4);
      b.asFloatBuffer().put(a, i, n);
      out.write(b.array(), 0, 4 * n);
      i += n;
    }
  }

  static float[] readFloats(DataInputStream in, Path file, int expected, String what) throws IOException {
    int n = in.readInt();
    if (n != expected) {
      throw new CorruptFileException(file, "expected " + expected + " floats of " + what + ", found length " + n);
    }
    float[] a = new float[n];
    byte[] buf = new byte[4 * Math.min(Math.max(n, 1), 1 << 14)];
    for (int i = 0; i < n; ) {
      int m = Math.min(n - i, buf.length / 4);
      in.readFully(buf, 0, 4 * m);
      ByteBuffer.wrap(buf, 0, 4 * m).asFloatBuffer().get(a, i, m);
      i += m;
    }
    return a;
  }

  static void writeIds(DataOutputStream out, String[] ids) throws IOException {
    out.writeInt(ids.length);
    for (String id : ids) {
      out.writeUTF(id);
    }
  }

  static String[] readIds(DataInputStream in, Path file) throws IOException {
    int n = checkLength(in.readInt(), file, "document count");
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = in.readUTF();
    }
    return ids;
  }

  static int checkLength(int n, Path file, String what) throws IOException {
    if (n < 0 || n > MAX_ARRAY) {
      throw new CorruptFileException(file, "expected " + what + " in [0, " + MAX_ARRAY + "], found " + n);
    }
    return n;
  }

  /** Turns an end of file inside a verified payload into a clear error. */
  static IOException truncated(Path file, EOFException e, String what) {
    CorruptFileException c = new CorruptFileException(file, "payload ended while reading " + what
        + " (checksum matched, so the writer wrote an inconsistent file)");
    c.initCause(e);
    return c;
  }

  /** Checks ids: non-null, unique, one per vector; vectors finite and of one dimension. */
  static int checkCorpus(String[] ids, float[][] vectors) {
    if (ids == null || vectors == null) {
      throw new IllegalArgumentException("ids and vectors must not be null");
    }
    if (ids.length != vectors.length) {
      throw new IllegalArgumentException("ids and vectors must have one entry per document; ids="
          + ids.length + " vectors=" + vectors.length);
    }
    if (ids.length == 0) {
      throw new IllegalArgumentException("the corpus must hold >= 1 document; documents=0");
    }
    java.util.HashSet<String> seen = new java.util.HashSet<>(ids.length * 2);
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == null || !seen.add(ids[i])) {
        throw new IllegalArgumentException("document ids must be non-null and unique; ids[" + i + "]=" + ids[i]);
      }
    }
    int dim = vectors[0] == null ? 0 : vectors[0].length;
    if (dim < 1) {
      throw new IllegalArgumentException("vectors[0] must have >= 1 component; vectors[0]="
          + (vectors[0] == null ? "null" : "length 0"));
    }
    dev.embedlab.core.VectorUtil.checkFiniteRows(vectors, dim, "vectors");
    return dim;
  }

  static void checkQueryDim(float[][] qv, int dim) {
    for (int q = 0; q < qv.length; q++) {
      if (qv[q] == null || qv[q].length != dim) {
        throw new IllegalArgumentException("query vector " + q + " must have " + dim + " components; found "
            + (qv[q] == null ? "null" : qv[q].length));
      }
    }
  }
}

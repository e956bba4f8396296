package dev.embedlab.store;

import dev.embedlab.core.Checks;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.io.CorruptFileException;
import dev.embedlab.core.Float16;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;

/**
 * A {@link VectorFile} mapped read-only into memory ({@link FileChannel#map}): rows stay in the
 * operating system's page cache, not on the Java heap, so a corpus larger than the heap can be
 * searched. Only the document ids (needed for ranking ties) are read onto the heap.
 *
 * <p>Rows are mapped in segments of whole rows below 1 GiB each (a {@link MappedByteBuffer} holds
 * at most 2 GiB). Reads are thread-safe: every call works on its own buffer view. {@link #close()}
 * makes further reads throw; the mapping itself is released by the garbage collector (Java 17 has
 * no public unmap).
 *
 * <p><b>What a mapped file promises.</b> {@link #open} checks the whole file once: header, size, the
 * CRC-32C of rows and ids, unique ids, and the library's vector policy for every row
 * ({@link VectorUtil#checkFinite}: finite components, L2 norm at most 2^63), so a row of 3e38 is
 * refused rather than ranked first. After that the rows are read from the page cache as they are on
 * disk: the file must not change while it is open. Vector files are written once and renamed into
 * place ({@link CorpusEmbedding}), so a new run replaces the file without touching an open mapping;
 * a file rewritten in place by some other program changes what searches see without notice, and a
 * file cut short makes reads past its end fail. What can be checked is checked: a read that meets a
 * cut-off file throws an {@link IllegalStateException} naming the file and both sizes (the JVM's
 * bare {@code InternalError} never reaches the caller), and {@link #verify()} re-checks size and
 * checksums on demand, for a service that wants to detect a rewritten file.
 */
public final class MappedVectors implements AutoCloseable {
  private static final long SEGMENT_BYTES = 1L << 30;

  private final Path file;
  private final VectorFile.Header header;
  private final String[] ids;
  private final ByteBuffer[] segments;
  private final int rowsPerSegment;
  /** Kept open to check the size of the mapped file (the same inode, even after a rename over its path). */
  private final FileChannel channel;
  private volatile boolean closed;

  private MappedVectors(Path file, VectorFile.Header header, String[] ids, ByteBuffer[] segments, int rowsPerSegment,
      FileChannel channel) {
    this.channel = channel;
    this.file = file;
    this.header = header;
    this.ids = ids;
    this.segments = segments;
    this.rowsPerSegment = rowsPerSegment;
  }

  /**
   * Opens and checks a vector file: header checksum, size, CRC-32C of rows and of ids (one
   * sequential read), unique ids.
   *
   * @throws CorruptFileException naming what differs
   */
  public static MappedVectors open(Path file) throws IOException {
    return open(file, true);
  }

  /**
   * Opens a vector file, checking the row checksum only when {@code verifyRows} (the header and
   * ids are always checked). Skipping the row check opens a large file without reading it; do it
   * only for a file this process has just verified.
   */
  public static MappedVectors open(Path file, boolean verifyRows) throws IOException {
    Checks.notNull("file", file);
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    try {
      VectorFile.Header h = VectorFile.read(ch, file);
      if (h.count() > Integer.MAX_VALUE - 8) {
        throw new CorruptFileException(file, "expected at most " + (Integer.MAX_VALUE - 8) + " rows, found " + h.count());
      }
      if (verifyRows) {
        int crc = checkRows(ch, h, file);
        if (crc != h.rowsCrc()) {
          throw new CorruptFileException(file, String.format(java.util.Locale.ROOT,
              "expected row CRC-32C 0x%08X (header), computed 0x%08X over %d rows: a row was changed",
              h.rowsCrc(), crc, h.count()));
        }
      }
      String[] ids = readIds(ch, h, file);
      int count = (int) h.count();
      int rowsPerSegment = (int) Math.max(1, Math.min(Integer.MAX_VALUE, SEGMENT_BYTES / h.rowBytes()));
      int nSeg = count == 0 ? 0 : (int) ((count + (long) rowsPerSegment - 1) / rowsPerSegment);
      ByteBuffer[] segs = new ByteBuffer[nSeg];
      for (int s = 0; s < nSeg; s++) {
        long firstRow = (long) s * rowsPerSegment;
        long rows = Math.min(rowsPerSegment, count - firstRow);
        segs[s] = ch.map(FileChannel.MapMode.READ_ONLY, h.headerBytes() + firstRow * h.rowBytes(),
            rows * h.rowBytes()).order(ByteOrder.LITTLE_ENDIAN);
      }
      return new MappedVectors(file, h, ids, segs, rowsPerSegment, ch);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /**
   * One sequential read of the rows: their CRC-32C, and the vector policy for each row.
   *
   * @throws CorruptFileException naming the row, its id position and the component
   */
  private static int checkRows(FileChannel ch, VectorFile.Header h, Path file) throws IOException {
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    long rowBytes = h.rowBytes();
    int rowsPerRead = (int) Math.max(1, Math.min(h.count(), (1 << 20) / rowBytes));
    if (h.count() == 0) {
      return (int) crc.getValue();
    }
    ByteBuffer buf = ByteBuffer.allocateDirect((int) (rowsPerRead * rowBytes)).order(ByteOrder.LITTLE_ENDIAN);
    float[] row = new float[h.dim()];
    for (long r = 0; r < h.count(); r += rowsPerRead) {
      int n = (int) Math.min(rowsPerRead, h.count() - r);
      buf.clear().limit((int) (n * rowBytes));
      VectorFile.readFully(ch, buf, h.headerBytes() + r * rowBytes, file);
      crc.update(buf.duplicate());
      FloatBuffer floats = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
      ShortBuffer halves = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
      for (int i = 0; i < n; i++) {
        if (h.elementType() == ElementType.FLOAT32) {
          floats.get(row); // bulk copy: a float at a time through the buffer costs about 4x more
        } else {
          for (int j = 0; j < row.length; j++) {
            row[j] = Float16.halfToFloat(halves.get());
          }
        }
        try {
          VectorUtil.checkFinite(row, "row " + (r + i));
        } catch (IllegalArgumentException e) {
          throw new CorruptFileException(file, e.getMessage() + " (the library's vector policy; such a row would"
              + " give an infinite or NaN score)");
        }
      }
    }
    return (int) crc.getValue();
  }

  /**
   * Checks that the file still is what {@link #open} checked: the same size, header, row and id
   * checksums (one sequential read). Use it to detect a file changed under an open mapping.
   *
   * @throws CorruptFileException naming what differs
   */
  public void verify() throws IOException {
    if (closed) {
      throw new IllegalStateException(file + " is closed");
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      VectorFile.Header now = VectorFile.read(ch, file);
      if (!now.equals(header)) {
        throw new CorruptFileException(file, "the header changed since the file was opened: " + header + " then, "
            + now + " now");
      }
      int crc = VectorFile.crc(ch, header.headerBytes(), header.idsOffset());
      if (crc != header.rowsCrc()) {
        throw new CorruptFileException(file, String.format(java.util.Locale.ROOT, "expected row CRC-32C 0x%08X"
            + " (header), computed 0x%08X: rows were rewritten since the file was opened", header.rowsCrc(), crc));
      }
      if (VectorFile.crc(ch, header.idsOffset(), header.fileBytes()) != header.idsCrc()) {
        throw new CorruptFileException(file, "the ids were rewritten since the file was opened");
      }
    }
  }

  private static String[] readIds(FileChannel ch, VectorFile.Header h, Path file) throws IOException {
    int crc = VectorFile.crc(ch, h.idsOffset(), h.fileBytes());
    if (crc != h.idsCrc()) {
      throw new CorruptFileException(file, String.format(java.util.Locale.ROOT,
          "expected id CRC-32C 0x%08X (header), computed 0x%08X: an id was changed", h.idsCrc(), crc));
    }
    int count = (int) h.count();
    String[] ids = new String[count];
    HashSet<String> seen = new HashSet<>(Math.max(16, count * 2));
    java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(
        java.nio.channels.Channels.newInputStream(ch.position(h.idsOffset())), 1 << 16));
    long read = 0;
    for (int i = 0; i < count; i++) {
      int len = Integer.reverseBytes(in.readInt());
      if (len < 0 || read + 4 + len > h.idsBytes()) {
        throw new CorruptFileException(file, "id " + i + " has length " + len + ", beyond the id section of "
            + h.idsBytes() + " bytes");
      }
      byte[] b = in.readNBytes(len);
      ids[i] = new String(b, StandardCharsets.UTF_8);
      read += 4 + len;
      if (!seen.add(ids[i])) {
        throw new CorruptFileException(file, "id '" + ids[i] + "' appears twice (rows " + java.util.Arrays.asList(ids)
            .indexOf(ids[i]) + " and " + i + ")");
      }
    }
    if (read != h.idsBytes()) {
      throw new CorruptFileException(file, "expected " + h.idsBytes() + " bytes of ids, the " + count
          + " ids take " + read);
    }
    return ids;
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /** The header. */
  public VectorFile.Header header() {
    return header;
  }

  /** Number of rows. */
  public int count() {
    return (int) header.count();
  }

  /** Components per row. */
  public int dimension() {
    return header.dim();
  }

  /** Fingerprint of the embedder that wrote the rows. */
  public String fingerprint() {
    return header.fingerprint();
  }

  /** The document id of row {@code i}. */
  public String id(int i) {
    return ids[i];
  }

  /** The ids by row (the array itself, shared for ranking; do not modify). */
  public String[] idsArray() {
    return ids;
  }

  /** Row {@code i} as a new float array. */
  public float[] row(int i) {
    float[] out = new float[header.dim()];
    readRows(i, 1, out);
    return out;
  }

  /**
   * Decodes rows {@code [from, from + n)} into {@code out} (row-major, at least {@code n * dim}).
   *
   * @throws IllegalArgumentException when the range is outside the file or {@code out} is short
   * @throws IllegalStateException after close
   */
  public void readRows(int from, int n, float[] out) {
    if (closed) {
      throw new IllegalStateException(file + " is closed");
    }
    int count = count();
    if (from < 0 || n < 0 || from + (long) n > count) {
      throw new IllegalArgumentException("rows [" + from + ", " + (from + (long) n) + ") outside [0, " + count + ")");
    }
    int dim = header.dim();
    if (out.length < (long) n * dim) {
      throw new IllegalArgumentException("out must hold " + ((long) n * dim) + " floats; length=" + out.length);
    }
    // a read past the end of a cut-off file faults (SIGBUS); in compiled code the JVM reports that
    // as an InternalError at some later point, so the size is checked first (one fstat per call)
    long size;
    try {
      size = channel.size();
    } catch (IOException e) {
      throw new IllegalStateException(file + ": cannot check the size of the mapped file: " + e.getMessage(), e);
    }
    if (size < header.fileBytes()) {
      throw new IllegalStateException(changed(size + " bytes"));
    }
    try {
      copyRows(from, n, out, dim);
    } catch (InternalError e) {
      // the JVM's answer to a page fault on a mapping whose file was cut short (SIGBUS)
      String now;
      try {
        now = channel.size() + " bytes";
      } catch (IOException io) {
        now = "an unknown size (" + io.getMessage() + ")";
      }
      throw new IllegalStateException(changed(now), e);
    }
  }

  private String changed(String size) {
    return file + ": reading mapped rows failed: the file was opened with " + header.fileBytes() + " bytes and now has "
        + size + "; a vector file must not be cut short or rewritten while it is open (write a new file and"
        + " rename it into place)";
  }

  private void copyRows(int from, int n, float[] out, int dim) {
    int done = 0;
    while (done < n) {
      int row = from + done;
      int s = row / rowsPerSegment;
      int inSeg = row - s * rowsPerSegment;
      int take = Math.min(n - done, rowsPerSegment - inSeg);
      ByteBuffer seg = segments[s];
      if (header.elementType() == ElementType.FLOAT32) {
        FloatBuffer fb = seg.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        fb.position(inSeg * dim);
        fb.get(out, done * dim, take * dim);
      } else {
        ShortBuffer sb = seg.duplicate().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        sb.position(inSeg * dim);
        int base = done * dim;
        for (int j = 0, m = take * dim; j < m; j++) {
          out[base + j] = Float16.halfToFloat(sb.get());
        }
      }
      done += take;
    }
  }

  /** Bytes of mapped rows (off the heap). */
  public long mappedBytes() {
    return header.count() * header.rowBytes();
  }

  /** Makes further reads throw and closes the file (the mapping goes with the garbage collector). Idempotent. */
  @Override
  public void close() {
    closed = true;
    try {
      channel.close();
    } catch (IOException e) {
      // nothing was written through the channel: closing a read-only descriptor loses nothing
    }
  }
}

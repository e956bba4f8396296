package dev.embedlab.store;

import dev.embedlab.core.io.CorruptFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The vector file: a corpus's embeddings as one file that is memory-mapped and searched in place.
 * All numbers little-endian (the byte order of x86 and ARM, so a mapped row is read without
 * swapping).
 *
 * <pre>
 * offset  size  field
 *      0     4  magic, the ASCII bytes "ELVF"
 *      4     4  version (1)
 *      8     4  headerBytes: where rows start (a multiple of 64)
 *     12     4  element type code (1 = float32, 2 = float16, see {@link ElementType})
 *     16     4  dim
 *     20     4  fingerprintBytes: length of the UTF-8 model fingerprint at offset 64
 *     24     8  count: number of rows
 *     32     8  idsOffset = headerBytes + count * dim * elementBytes
 *     40     8  idsBytes: length of the id section
 *     48     4  CRC-32C of the row bytes
 *     52     4  CRC-32C of the id section
 *     56     4  reserved, 0
 *     60     4  CRC-32C of the header (bytes 0..59 and 64..headerBytes-1)
 *     64     …  fingerprint (UTF-8), zero padding to headerBytes
 * headerBytes   rows: count × dim components, row-major
 * idsOffset     ids: count × (int length, UTF-8 bytes), in row order
 * </pre>
 * The file ends exactly at {@code idsOffset + idsBytes}. {@link MappedVectors#open} checks the
 * header checksum, the size, the row and id checksums (one sequential read of the file) and the
 * uniqueness of ids, and refuses a file that breaks any of them with a {@link CorruptFileException}
 * naming what differs. Nothing in the file depends on time or machine: the same corpus embedded by
 * the same deterministic model with the same batches gives the same bytes.
 *
 * <p>The fingerprint is {@link dev.embedlab.core.Fingerprinted#fingerprintOf} of the embedder that
 * wrote the rows, so a query embedder can be checked against the file before searching it.
 */
public final class VectorFile {
  /** The ASCII bytes "ELVF" read as a big-endian int. */
  public static final int MAGIC = 0x454C5646;
  /** The format version this code writes and reads. */
  public static final int VERSION = 1;
  /** Fixed part of the header, before the fingerprint. */
  static final int FIXED_HEADER_BYTES = 64;

  private VectorFile() {}

  /**
   * A vector file's header.
   *
   * @param headerBytes where rows start
   * @param elementType component encoding
   * @param dim components per row
   * @param fingerprint fingerprint of the embedder that wrote the rows
   * @param count rows
   * @param idsBytes length of the id section
   * @param rowsCrc CRC-32C of the rows
   * @param idsCrc CRC-32C of the id section
   */
  public record Header(int headerBytes, ElementType elementType, int dim, String fingerprint, long count,
      long idsBytes, int rowsCrc, int idsCrc) {
    /** Bytes of one row. */
    public long rowBytes() {
      return (long) dim * elementType.bytes();
    }

    /** Where the id section starts. */
    public long idsOffset() {
      return headerBytes + count * rowBytes();
    }

    /** The whole file's length. */
    public long fileBytes() {
      return idsOffset() + idsBytes;
    }
  }

  /** The header length for a fingerprint: 64 fixed bytes and the fingerprint, rounded up to 64. */
  static int headerBytesFor(String fingerprint) {
    int n = FIXED_HEADER_BYTES + fingerprint.getBytes(StandardCharsets.UTF_8).length;
    return (n + 63) & ~63;
  }

  /** Encodes a header (its checksum computed here). */
  static ByteBuffer encode(Header h) {
    byte[] fp = h.fingerprint().getBytes(StandardCharsets.UTF_8);
    if (headerBytesFor(h.fingerprint()) != h.headerBytes()) {
      throw new IllegalArgumentException("headerBytes must be " + headerBytesFor(h.fingerprint())
          + " for this fingerprint; headerBytes=" + h.headerBytes());
    }
    ByteBuffer b = ByteBuffer.allocate(h.headerBytes()).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {'E', 'L', 'V', 'F'});
    b.putInt(4, VERSION);
    b.putInt(8, h.headerBytes());
    b.putInt(12, h.elementType().code());
    b.putInt(16, h.dim());
    b.putInt(20, fp.length);
    b.putLong(24, h.count());
    b.putLong(32, h.idsOffset());
    b.putLong(40, h.idsBytes());
    b.putInt(48, h.rowsCrc());
    b.putInt(52, h.idsCrc());
    b.putInt(56, 0);
    b.position(64);
    b.put(fp);
    b.putInt(60, headerCrc(b));
    b.clear();
    return b;
  }

  private static int headerCrc(ByteBuffer b) {
    CRC32C crc = new CRC32C();
    crc.update(b.duplicate().position(0).limit(60));
    crc.update(b.duplicate().position(64).limit(b.capacity()));
    return (int) crc.getValue();
  }

  /**
   * Reads and checks a header.
   *
   * @throws CorruptFileException when the magic, version, header checksum or sizes are wrong
   */
  static Header read(FileChannel ch, Path file) throws IOException {
    long size = ch.size();
    if (size < FIXED_HEADER_BYTES) {
      throw new CorruptFileException(file, "expected a vector file header of at least " + FIXED_HEADER_BYTES
          + " bytes, found a file of " + size + " bytes");
    }
    ByteBuffer fixed = ByteBuffer.allocate(FIXED_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, fixed, 0, file);
    int magic = fixed.order(ByteOrder.BIG_ENDIAN).getInt(0);
    fixed.order(ByteOrder.LITTLE_ENDIAN);
    if (magic != MAGIC) {
      throw new CorruptFileException(file, "expected magic ELVF (an embedlab vector file), found "
          + dev.embedlab.core.io.ChecksummedFile.magicText(magic));
    }
    int version = fixed.getInt(4);
    if (version != VERSION) {
      throw new CorruptFileException(file, "expected vector file version " + VERSION + ", found " + version
          + " (written by another version of embedlab?)");
    }
    int headerBytes = fixed.getInt(8);
    int fpBytes = fixed.getInt(20);
    if (fpBytes < 0 || headerBytes != ((FIXED_HEADER_BYTES + fpBytes + 63) & ~63) || headerBytes > size) {
      throw new CorruptFileException(file, "header length " + headerBytes + " does not fit a fingerprint of "
          + fpBytes + " bytes in a file of " + size + " bytes");
    }
    ByteBuffer all = ByteBuffer.allocate(headerBytes).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, all, 0, file);
    int stored = all.getInt(60);
    int computed = headerCrc(all);
    if (stored != computed) {
      throw new CorruptFileException(file, String.format(java.util.Locale.ROOT,
          "expected header CRC-32C 0x%08X, computed 0x%08X: the header was changed", stored, computed));
    }
    ElementType type;
    try {
      type = ElementType.ofCode(all.getInt(12));
    } catch (IllegalArgumentException e) {
      throw new CorruptFileException(file, e.getMessage());
    }
    int dim = all.getInt(16);
    long count = all.getLong(24);
    if (dim < 1 || count < 0) {
      throw new CorruptFileException(file, "expected dim >= 1 and count >= 0; dim=" + dim + ", count=" + count);
    }
    byte[] fp = new byte[fpBytes];
    all.position(64).get(fp);
    Header h = new Header(headerBytes, type, dim, new String(fp, StandardCharsets.UTF_8), count,
        all.getLong(40), all.getInt(48), all.getInt(52));
    if (all.getLong(32) != h.idsOffset()) {
      throw new CorruptFileException(file, "expected ids at offset " + h.idsOffset() + " (" + count + " rows of "
          + h.rowBytes() + " bytes after a " + headerBytes + "-byte header), header says " + all.getLong(32));
    }
    if (size != h.fileBytes()) {
      throw new CorruptFileException(file, "header promises " + h.fileBytes() + " bytes (" + count + " rows of dim "
          + dim + " " + type + " and " + h.idsBytes() + " bytes of ids), the file has " + size
          + " bytes (cut off or extended)");
    }
    return h;
  }

  static void readFully(FileChannel ch, ByteBuffer b, long pos, Path file) throws IOException {
    while (b.hasRemaining()) {
      int n = ch.read(b, pos + b.position());
      if (n < 0) {
        throw new CorruptFileException(file, "unexpected end of file at byte " + (pos + b.position()));
      }
    }
    b.flip();
  }

  /** CRC-32C of bytes [from, to) of a channel, read sequentially. */
  static int crc(FileChannel ch, long from, long to) throws IOException {
    CRC32C crc = new CRC32C();
    updateCrc(crc, ch, from, to);
    return (int) crc.getValue();
  }

  /** Feeds bytes [from, to) of a channel to {@code crc}, read sequentially. */
  static void updateCrc(CRC32C crc, FileChannel ch, long from, long to) throws IOException {
    ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(1 << 20, Math.max(1, to - from)));
    long pos = from;
    while (pos < to) {
      buf.clear().limit((int) Math.min(buf.capacity(), to - pos));
      int n = ch.read(buf, pos);
      if (n < 0) {
        throw new IOException("unexpected end of file at byte " + pos + "; expected " + to);
      }
      buf.flip();
      crc.update(buf);
      pos += n;
    }
  }
}

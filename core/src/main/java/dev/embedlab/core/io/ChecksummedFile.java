package dev.embedlab.core.io;

import dev.embedlab.core.Checks;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * The framing of embedlab's binary files: a header of big-endian {@code int magic, int version},
 * the payload, and a footer of one big-endian {@code int}, the CRC-32C of every byte before it
 * (header included). A flipped bit anywhere, a cut-off file or bytes appended after the footer are
 * all detected by {@link #verify}.
 *
 * <p>Each kind of file has its own magic so that one kind is never read as another. Magics in use:
 * {@link #CACHE_SHARD_MAGIC} ({@code "ELCS"}, embedding-cache shards of
 * {@code dev.embedlab.models.CachingEmbedder}). Saved compressors (module compress) use their own
 * older framing with magic {@code "EMBC"} and a CRC-32 footer, which is also the magic of cache
 * shards of version 1 (written before this class existed, without a checksum) — the reason cache
 * shards got a new magic. Versions start at 1 and only grow; a reader that meets a version it does
 * not know must leave the file alone.
 */
public final class ChecksummedFile {
  /** {@code "ELCS"} in ASCII: an embedding-cache shard. */
  public static final int CACHE_SHARD_MAGIC = 0x454C4353;
  /** Bytes of the header: magic and version. */
  public static final int HEADER_BYTES = 8;
  /** Bytes of the footer: the CRC-32C. */
  public static final int FOOTER_BYTES = 4;

  private ChecksummedFile() {}

  /** Writes the payload of a framed file. */
  @FunctionalInterface
  public interface Payload {
    /** Writes the payload to {@code out} (big-endian, as {@link DataOutputStream} does). */
    void write(DataOutputStream out) throws IOException;
  }

  /** The header of a framed file. */
  public record Header(int magic, int version) {
    /** @return the magic as four ASCII characters when printable, else hex */
    public String magicText() {
      return ChecksummedFile.magicText(magic);
    }
  }

  /**
   * Writes header, payload and footer to {@code out}, which is flushed but not closed.
   *
   * @param magic the file kind's magic
   * @param version the format version, >= 1
   */
  public static void write(OutputStream out, int magic, int version, Payload payload) throws IOException {
    Checks.atLeast("version", version, 1);
    CRC32C crc = new CRC32C();
    // buffer above the checksum so that the CRC is updated with whole arrays, not byte by byte
    DataOutputStream data = new DataOutputStream(new BufferedOutputStream(
        new CheckedOutputStream(new FilterOutputStream(out) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
          }

          @Override
          public void close() throws IOException {
            flush(); // the caller owns out
          }
        }, crc), 1 << 16));
    data.writeInt(magic);
    data.writeInt(version);
    payload.write(data);
    data.flush();
    int c = (int) crc.getValue();
    out.write(new byte[] {(byte) (c >>> 24), (byte) (c >>> 16), (byte) (c >>> 8), (byte) c});
    out.flush();
  }

  /**
   * Reads the header only.
   *
   * @throws CorruptFileException when the file is shorter than a header
   */
  public static Header readHeader(Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
      return new Header(in.readInt(), in.readInt());
    } catch (EOFException e) {
      throw new CorruptFileException(file, "expected a header of " + HEADER_BYTES + " bytes (magic, version), found "
          + Files.size(file) + " bytes");
    }
  }

  /**
   * Checks the footer against the CRC-32C of the rest of the file (one sequential read).
   *
   * @throws CorruptFileException when the file is shorter than header and footer, or the checksum
   *     differs (a changed, cut-off or extended file)
   */
  public static void verify(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < HEADER_BYTES + FOOTER_BYTES) {
        throw new CorruptFileException(file, "expected at least " + (HEADER_BYTES + FOOTER_BYTES)
            + " bytes (header and CRC-32C footer), found " + size);
      }
      CRC32C crc = new CRC32C();
      ByteBuffer buf = ByteBuffer.allocate(1 << 16);
      long remaining = size - FOOTER_BYTES;
      long pos = 0;
      while (remaining > 0) {
        buf.clear().limit((int) Math.min(buf.capacity(), remaining));
        int n = ch.read(buf, pos);
        if (n < 0) {
          throw new CorruptFileException(file, "file shrank while being read");
        }
        buf.flip();
        crc.update(buf);
        pos += n;
        remaining -= n;
      }
      ByteBuffer footer = ByteBuffer.allocate(FOOTER_BYTES);
      while (footer.hasRemaining()) {
        if (ch.read(footer, pos + footer.position()) < 0) {
          throw new CorruptFileException(file, "file shrank while being read");
        }
      }
      int stored = footer.flip().getInt();
      int computed = (int) crc.getValue();
      if (stored != computed) {
        throw new CorruptFileException(file, String.format(Locale.ROOT,
            "expected CRC-32C 0x%08X (stored in the footer), computed 0x%08X over %d bytes:"
                + " the file was changed, cut off or extended", stored, computed, size - FOOTER_BYTES));
      }
    }
  }

  /**
   * Opens the payload for reading: the stream is positioned after the header; the caller reads no
   * further than the payload (the last {@link #FOOTER_BYTES} bytes are the footer). Unbounded, so
   * that readers of older files of the same layout without a footer (cache shards of version 1) can
   * use it; for a framed file prefer {@link #openFramedPayload}.
   */
  public static DataInputStream openPayload(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    try {
      in.skipNBytes(HEADER_BYTES);
    } catch (IOException e) {
      in.close();
      throw e;
    }
    return new DataInputStream(in);
  }

  /**
   * Opens the payload of a framed file: positioned after the header and ending where the footer
   * begins, so a parser that reads too far meets the end of the payload (an {@link EOFException}),
   * never the footer's bytes. Call {@link #checkEnd} after parsing to refuse payload bytes the
   * parser did not expect.
   */
  public static DataInputStream openFramedPayload(Path file) throws IOException {
    long payload = Files.size(file) - HEADER_BYTES - FOOTER_BYTES;
    if (payload < 0) {
      throw new CorruptFileException(file, "expected at least " + (HEADER_BYTES + FOOTER_BYTES)
          + " bytes (header and CRC-32C footer), found " + Files.size(file));
    }
    InputStream raw = Files.newInputStream(file);
    try {
      raw.skipNBytes(HEADER_BYTES);
    } catch (IOException e) {
      raw.close();
      throw e;
    }
    return new DataInputStream(new BufferedInputStream(new BoundedInputStream(raw, payload), 1 << 16));
  }

  /**
   * Refuses payload bytes left unread after parsing: a file is exactly what its writer wrote, so
   * bytes after the last field (or after the footer, which {@link #verify} refuses) mean a damaged
   * or concatenated file.
   *
   * @param payload a stream from {@link #openFramedPayload}, after the parser read its last field
   * @throws CorruptFileException naming the file and how many bytes are left
   */
  public static void checkEnd(DataInputStream payload, Path file) throws IOException {
    long left = 0;
    while (payload.read() >= 0) {
      left++;
    }
    if (left > 0) {
      throw new CorruptFileException(file, "expected the payload to end after its last field, found " + left
          + " more bytes before the footer");
    }
  }

  /** Reads at most {@code remaining} bytes of {@code in}, then reports the end. */
  private static final class BoundedInputStream extends java.io.FilterInputStream {
    private long remaining;

    BoundedInputStream(InputStream in, long remaining) {
      super(in);
      this.remaining = remaining;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        remaining--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining <= 0) {
        return len == 0 ? 0 : -1;
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = in.skip(Math.min(n, remaining));
      remaining -= Math.max(0, s);
      return s;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(in.available(), remaining);
    }
  }

  /** @return {@code magic} as four ASCII characters when printable (e.g. {@code "ELCS"}), else hex */
  public static String magicText(int magic) {
    StringBuilder sb = new StringBuilder(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      int c = (magic >>> shift) & 0xFF;
      if (c < 0x20 || c > 0x7E) {
        return String.format(Locale.ROOT, "0x%08X", magic);
      }
      sb.append((char) c);
    }
    return sb.toString();
  }
}

package dev.embedlab.data;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Strict UTF-8 lines pulled one at a time from a byte stream: gzip detected by its magic bytes, a
 * BOM removed from line 1, lines split on {@code \n} bytes (a trailing {@code \r} removed) and each
 * decoded strictly, so an invalid UTF-8 sequence is reported with its own line number. A truncated
 * or corrupt gzip stream is a {@link DatasetException} naming the file and the complete lines read.
 * Every line-oriented reader of this package ({@link TextFiles#forEachLine}, {@link BeirCorpusReader})
 * is built on it, and so is the store's plain-text corpus source.
 */
public final class LineReader implements Closeable {
  private final Path file;
  private final InputStream in;
  private final boolean gzip;
  private final CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private int limit;
  private byte[] line = new byte[256];
  private long lineNo;
  private boolean eof;

  /**
   * @param file the name used in every message (need not be a local file: a Hadoop path is fine)
   * @param raw the file's bytes, gzipped or not; closed by {@link #close()}
   */
  LineReader(Path file, InputStream raw) throws IOException {
    this.file = file;
    InputStream b = new BufferedInputStream(raw, 1 << 16);
    b.mark(2);
    int b0 = b.read();
    int b1 = b.read();
    b.reset();
    gzip = b0 == 0x1f && b1 == 0x8b;
    if (!gzip) {
      in = b;
      return;
    }
    try {
      in = new GZIPInputStream(b, 1 << 16); // reads the 10-byte header
    } catch (EOFException | ZipException e) {
      b.close();
      throw new DatasetException(file, "expected a gzip header (the file starts with the gzip magic bytes), found "
          + (e instanceof EOFException ? "the file cut off inside it" : "a corrupt one")
          + " (gzip said: " + e.getMessage() + ")", e);
    }
  }

  /**
   * Opens a local text file (gzipped or not).
   *
   * @throws DatasetException when {@code file} is absent or not a regular file, or its gzip header
   *     is cut off or corrupt
   */
  public static LineReader open(Path file) throws IOException {
    TextFiles.requireFile(file, "a text file");
    return new LineReader(file, Files.newInputStream(file));
  }

  /** @return the 1-based number of the line last returned by {@link #next()} (0 before the first) */
  public long lineNo() {
    return lineNo;
  }

  /**
   * @return the next line (without its line break), or null at the end of the file
   * @throws MalformedDataException naming the file and line of invalid UTF-8
   * @throws DatasetException naming the file and the complete lines read when a gzip stream is
   *     truncated or corrupt
   */
  public String next() throws IOException {
    int len = 0;
    while (true) {
      if (pos == limit) {
        if (eof) {
          return len > 0 ? emit(len) : null;
        }
        fill();
        continue;
      }
      byte b = buf[pos++];
      if (b == '\n') {
        return emit(len);
      }
      if (len == line.length) {
        line = Arrays.copyOf(line, line.length * 2);
      }
      line[len++] = b;
    }
  }

  private void fill() throws IOException {
    int n;
    try {
      n = in.read(buf);
    } catch (EOFException e) {
      if (!gzip) {
        throw e;
      }
      throw new DatasetException(file, "expected a complete gzip stream, found it cut off after "
          + complete(lineNo) + " (truncated download or copy?; gzip said: " + e.getMessage() + ")", e);
    } catch (ZipException e) {
      throw new DatasetException(file, "expected a valid gzip stream, found corrupt data after "
          + complete(lineNo) + " (gzip said: " + e.getMessage() + ")", e);
    }
    pos = 0;
    limit = Math.max(n, 0);
    eof = n < 0;
  }

  private static String complete(long lines) {
    return lines + " complete line" + (lines == 1 ? "" : "s");
  }

  private String emit(int len) throws MalformedDataException {
    lineNo++;
    if (len > 0 && line[len - 1] == '\r') {
      len--;
    }
    String s;
    try {
      s = dec.reset().decode(ByteBuffer.wrap(line, 0, len)).toString();
    } catch (CharacterCodingException e) {
      throw new MalformedDataException(file, lineNo, "expected UTF-8 text, found invalid bytes", e);
    }
    if (lineNo == 1 && !s.isEmpty() && s.charAt(0) == '\uFEFF') {
      s = s.substring(1);
    }
    return s;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}

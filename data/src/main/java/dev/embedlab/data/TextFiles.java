package dev.embedlab.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Strict UTF-8 line reading (BOM stripped, gzip detected by magic bytes). Package-private helper. */
final class TextFiles {
  private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("[ \\t]+");
  private TextFiles() {}

  /** A callback for one line; {@code lineNo} is 1-based. */
  @FunctionalInterface
  interface LineHandler {
    void accept(String line, long lineNo) throws IOException;
  }

  /**
   * Calls {@code handler} for every line (BOM removed from line 1). Lines are split on bytes
   * ({@code \n}, with a trailing {@code \r} removed) and each is decoded strictly, so an invalid
   * UTF-8 sequence is reported with its own line number.
   */
  static void forEachLine(Path file, LineHandler handler) throws IOException {
    requireFile(file, "a text file");
    CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    boolean[] gzip = new boolean[1];
    try (InputStream in = openBytes(file, gzip)) {
      byte[] buf = new byte[1 << 16];
      byte[] line = new byte[256];
      int len = 0;
      long lineNo = 0;
      int n;
      boolean pending = false;
      while ((n = read(file, in, buf, gzip[0], lineNo)) > 0) {
        for (int i = 0; i < n; i++) {
          byte b = buf[i];
          if (b == '\n') {
            lineNo++;
            emit(file, dec, line, len, lineNo, handler);
            len = 0;
            pending = false;
          } else {
            if (len == line.length) {
              line = java.util.Arrays.copyOf(line, line.length * 2);
            }
            line[len++] = b;
            pending = true;
          }
        }
      }
      if (pending) {
        emit(file, dec, line, len, lineNo + 1, handler);
      }
    }
  }

  /**
   * Throws a {@link DatasetException} naming {@code file} when it is absent or not a regular file.
   *
   * @param what what the file should have been, e.g. "a SQuAD v1 JSON file"
   */
  static void requireFile(Path file, String what) throws DatasetException {
    if (Files.isRegularFile(file)) {
      return;
    }
    if (Files.isDirectory(file)) {
      throw new DatasetException(file, "expected " + what + ", found a folder");
    }
    if (Files.exists(file)) {
      throw new DatasetException(file, "expected " + what + ", found something that is neither a file nor a folder");
    }
    Path parent = file.toAbsolutePath().getParent();
    throw new DatasetException(file, "expected " + what + ", found nothing at this path"
        + (parent != null && !Files.isDirectory(parent) ? " (its folder " + parent + " does not exist either)" : ""));
  }

  /**
   * One read; a gzip stream that is truncated or corrupt becomes a {@link DatasetException} naming
   * the file, the lines read so far and what the decompressor said.
   */
  private static int read(Path file, InputStream in, byte[] buf, boolean gzip, long linesRead) throws IOException {
    try {
      return in.read(buf);
    } catch (java.io.EOFException e) {
      if (!gzip) {
        throw e;
      }
      throw new DatasetException(file, "expected a complete gzip stream, found it cut off after "
          + linesRead + " complete line" + (linesRead == 1 ? "" : "s")
          + " (truncated download or copy?; gzip said: " + e.getMessage() + ")", e);
    } catch (java.util.zip.ZipException e) {
      throw new DatasetException(file, "expected a valid gzip stream, found corrupt data after "
          + linesRead + " complete line" + (linesRead == 1 ? "" : "s") + " (gzip said: " + e.getMessage() + ")", e);
    }
  }

  private static void emit(Path file, CharsetDecoder dec, byte[] line, int len, long lineNo, LineHandler handler)
      throws IOException {
    if (len > 0 && line[len - 1] == '\r') {
      len--;
    }
    String s;
    try {
      s = dec.reset().decode(java.nio.ByteBuffer.wrap(line, 0, len)).toString();
    } catch (CharacterCodingException e) {
      throw new MalformedDataException(file, lineNo, "expected UTF-8 text, found invalid bytes", e);
    }
    if (lineNo == 1 && !s.isEmpty() && s.charAt(0) == '\uFEFF') {
      s = s.substring(1);
    }
    handler.accept(s, lineNo);
  }

  private static InputStream openBytes(Path file, boolean[] gzip) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    gzip[0] = b0 == 0x1f && b1 == 0x8b;
    if (!gzip[0]) {
      return in;
    }
    try {
      return new GZIPInputStream(in, 1 << 16); // reads the 10-byte header
    } catch (java.io.EOFException | java.util.zip.ZipException e) {
      in.close();
      throw new DatasetException(file, "expected a gzip header (the file starts with the gzip magic bytes), found "
          + (e instanceof java.io.EOFException ? "the file cut off inside it" : "a corrupt one")
          + " (gzip said: " + e.getMessage() + ")", e);
    }
  }

  /** Reads the whole file as one string (BOM removed). */
  static String readAll(Path file) throws IOException {
    StringBuilder sb = new StringBuilder();
    forEachLine(file, (line, no) -> sb.append(line).append('\n'));
    return sb.toString();
  }

  /** Splits on a single character, keeping empty fields (no quote handling, by design). */
  static List<String> split(String line, char sep) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == sep) {
        out.add(line.substring(start, i));
        start = i + 1;
      }
    }
    out.add(line.substring(start));
    return out;
  }

  /** Splits on runs of ASCII whitespace (trec_eval's reading of qrels and runs). */
  static String[] splitWhitespace(String line) {
    String t = line.strip();
    return t.isEmpty() ? new String[0] : WHITESPACE.split(t);
  }
}

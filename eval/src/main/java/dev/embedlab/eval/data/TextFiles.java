package dev.embedlab.eval.data;

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
    if (!Files.isRegularFile(file)) {
      throw new java.nio.file.NoSuchFileException(file.toString());
    }
    CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try (InputStream in = openBytes(file)) {
      byte[] buf = new byte[1 << 16];
      byte[] line = new byte[256];
      int len = 0;
      long lineNo = 0;
      int n;
      boolean pending = false;
      while ((n = in.read(buf)) > 0) {
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

  private static InputStream openBytes(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
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

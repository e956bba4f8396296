package dev.embedlab.eval.data;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
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
  private TextFiles() {}

  /** A callback for one line; {@code lineNo} is 1-based. */
  @FunctionalInterface
  interface LineHandler {
    void accept(String line, long lineNo) throws IOException;
  }

  /** Opens {@code file} as strict UTF-8 text, transparently gunzipping when it starts with 1f 8b. */
  static BufferedReader open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new java.nio.file.NoSuchFileException(file.toString());
    }
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      in = new GZIPInputStream(in, 1 << 16);
    }
    CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    return new BufferedReader(new InputStreamReader(in, dec), 1 << 16);
  }

  /** Calls {@code handler} for every line (BOM removed from line 1); encoding errors name the line. */
  static void forEachLine(Path file, LineHandler handler) throws IOException {
    try (BufferedReader r = open(file)) {
      long lineNo = 0;
      String line;
      while (true) {
        try {
          line = r.readLine();
        } catch (CharacterCodingException e) {
          throw new MalformedDataException(file, lineNo + 1, "expected UTF-8 text, found invalid bytes", e);
        }
        if (line == null) {
          break;
        }
        lineNo++;
        if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
          line = line.substring(1);
        }
        handler.accept(line, lineNo);
      }
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
    return t.isEmpty() ? new String[0] : t.split("[ \\t]+");
  }
}

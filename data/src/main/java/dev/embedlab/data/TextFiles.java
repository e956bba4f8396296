package dev.embedlab.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
    try (LineReader r = new LineReader(file, Files.newInputStream(file))) {
      String line;
      while ((line = r.next()) != null) {
        handler.accept(line, r.lineNo());
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

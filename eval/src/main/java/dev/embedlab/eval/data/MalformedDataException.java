package dev.embedlab.eval.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data file does not have the expected shape. The message always names the file, the 1-based
 * line number (0 when the problem is not tied to a line) and what was expected, e.g.
 * {@code "qrels/test.tsv:17: expected 3 tab-separated columns (query-id corpus-id score), found 2"}.
 */
public final class MalformedDataException extends IOException {
  private static final long serialVersionUID = 1L;
  private final transient Path file;
  private final long line;

  /**
   * @param file the file being read
   * @param line 1-based line number, or 0 when not tied to a line
   * @param problem what was expected and what was found
   */
  public MalformedDataException(Path file, long line, String problem) {
    super(file + (line > 0 ? ":" + line : "") + ": " + problem);
    this.file = file;
    this.line = line;
  }

  /** Same, with an underlying cause (e.g. a JSON parse error). */
  public MalformedDataException(Path file, long line, String problem, Throwable cause) {
    super(file + (line > 0 ? ":" + line : "") + ": " + problem, cause);
    this.file = file;
    this.line = line;
  }

  /** @return the file that was being read */
  public Path file() {
    return file;
  }

  /** @return the 1-based line number, or 0 when the problem is not tied to a line */
  public long line() {
    return line;
  }
}

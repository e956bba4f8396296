package dev.embedlab.data;

import java.nio.file.Path;

/**
 * A data file does not have the expected shape (a {@link DatasetException} tied to a line). The
 * message always names the file, the 1-based line number (0 when the problem is not tied to a line) and what was expected, e.g.
 * {@code "qrels/test.tsv:17: expected 3 tab-separated columns (query-id corpus-id score), found 2"}.
 */
public final class MalformedDataException extends DatasetException {
  private static final long serialVersionUID = 1L;
  private final long line;

  /**
   * @param file the file being read
   * @param line 1-based line number, or 0 when not tied to a line
   * @param problem what was expected and what was found
   */
  public MalformedDataException(Path file, long line, String problem) {
    this(file, line, problem, null);
  }

  /** Same, with an underlying cause (e.g. a JSON parse error). */
  public MalformedDataException(Path file, long line, String problem, Throwable cause) {
    super(file + (line > 0 ? ":" + line : "") + ": " + problem, file, cause);
    this.line = line;
  }

  /** @return the file that was being read */
  public Path file() {
    return path();
  }

  /** @return the 1-based line number, or 0 when the problem is not tied to a line */
  public long line() {
    return line;
  }
}

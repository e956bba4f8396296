package dev.embedlab.data;

import dev.embedlab.core.io.PathException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A data set could not be loaded because of its files: a path that is absent or of the wrong kind
 * (a file where a folder was expected, or the reverse), a missing part (no {@code qrels/dev.tsv}),
 * a truncated or corrupt gzip stream, or — as the subclass {@link MalformedDataException} — a line
 * that does not have the expected shape.
 *
 * <p>Every loader in this package reports problems with its files by this exception (an
 * {@link IOException}, so callers that handle I/O failures handle it too); a command-line front end
 * can map it to one exit code. Mistakes in the arguments themselves (a blank split, a split that is
 * not a plain name, such as {@code ../x}) are {@link IllegalArgumentException}s. The message always
 * names the path, what was expected and what was found, e.g.
 * {@code "/x/scifact: no qrels/dev.tsv; splits found: test, train"}.
 */
public class DatasetException extends PathException {
  private static final long serialVersionUID = 1L;

  /**
   * @param path the file or folder concerned
   * @param problem what was expected and what was found
   */
  public DatasetException(Path path, String problem) {
    super(path, problem);
  }

  /** Same, with an underlying cause. */
  public DatasetException(Path path, String problem, Throwable cause) {
    super(path, problem, cause);
  }

  /** For subclasses that build their own message. */
  protected DatasetException(String message, Path path, Throwable cause) {
    super(message, path, cause);
  }
}

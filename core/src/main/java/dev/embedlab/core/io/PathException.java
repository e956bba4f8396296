package dev.embedlab.core.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An I/O failure about one file or folder, whose message starts with its path:
 * {@code "<path>: <what was expected and what was found>"}. The common parent of the library's
 * file errors ({@link CorruptFileException}, the data module's {@code DatasetException}), so the
 * path travels as a value and not only inside the text.
 */
public class PathException extends IOException {
  private static final long serialVersionUID = 1L;
  private final transient Path path;

  /**
   * @param path the file or folder concerned
   * @param problem what was expected and what was found
   */
  public PathException(Path path, String problem) {
    super(path + ": " + problem); // no cause yet: a caller may still initCause(...)
    this.path = path;
  }

  /** Same, with an underlying cause. */
  public PathException(Path path, String problem, Throwable cause) {
    this(path + ": " + problem, path, cause);
  }

  /** For subclasses that build their own message (it must still name the path). */
  protected PathException(String message, Path path, Throwable cause) {
    super(message, cause);
    this.path = path;
  }

  /** @return the file or folder concerned */
  public Path path() {
    return path;
  }
}

package dev.embedlab.core.io;

import java.nio.file.Path;

/**
 * A binary file is not what its header promises: too short, cut off, or its checksum does not
 * match its bytes. The message names the file, what was expected and what was found.
 */
public class CorruptFileException extends PathException {
  private static final long serialVersionUID = 1L;

  /**
   * @param file the file concerned
   * @param problem what was expected and what was found
   */
  public CorruptFileException(Path file, String problem) {
    super(file, problem);
  }

  /** @return the file concerned (the same as {@link #path()}) */
  public Path file() {
    return path();
  }
}

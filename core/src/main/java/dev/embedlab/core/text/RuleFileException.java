package dev.embedlab.core.text;

import java.io.IOException;

/**
 * A rule file could not be read: names the file, the 1-based line number (0 when the problem is not
 * on one line, such as invalid UTF-8) and the reason. Message: {@code "<file>:<line>: <reason>"}.
 */
public final class RuleFileException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final String reason;

  /**
   * @param file the file (or source) name
   * @param line 1-based line number, 0 for the whole file
   * @param reason what is wrong and what was expected
   */
  public RuleFileException(String file, int line, String reason) {
    this(file, line, reason, null);
  }

  /** As {@link #RuleFileException(String, int, String)}, with a cause. */
  public RuleFileException(String file, int line, String reason, Throwable cause) {
    super(file + ":" + line + ": " + reason, cause);
    this.file = file;
    this.line = line;
    this.reason = reason;
  }

  /** The file or source name. */
  public String file() {
    return file;
  }

  /** The 1-based line number, 0 when not tied to one line. */
  public int line() {
    return line;
  }

  /** What is wrong with the line. */
  public String reason() {
    return reason;
  }
}

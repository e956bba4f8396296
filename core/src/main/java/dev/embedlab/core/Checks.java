package dev.embedlab.core;

/**
 * Argument checks with the library's one wording: the parameter's name, what was expected and the
 * value that arrived ({@code "threads must be >= 1; threads=0"}). Each returns the checked value, so a
 * builder's setter is one assignment: {@code this.threads = Checks.atLeast("threads", t, 1);}.
 */
public final class Checks {
  private Checks() {}

  /**
   * {@code value}, or an {@link IllegalArgumentException}
   * {@code "<name> must be >= <min>; <name>=<value>"}.
   */
  public static int atLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + "; " + name + "=" + value);
    }
    return value;
  }

  /** As {@link #atLeast(String, int, int)}, for a {@code long}. */
  public static long atLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + "; " + name + "=" + value);
    }
    return value;
  }

  /** {@code value}, or an {@link IllegalArgumentException} {@code "<name> must not be null"}. */
  public static <T> T notNull(String name, T value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    return value;
  }

  /**
   * {@code value}, or an {@link IllegalArgumentException}
   * {@code "<name> must not be blank; <name>=<value>"} when it is null or blank.
   */
  public static String notBlank(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank; " + name + "=" + value);
    }
    return value;
  }
}

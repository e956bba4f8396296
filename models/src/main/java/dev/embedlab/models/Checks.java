package dev.embedlab.models;

/** Argument checks of the model builders, with messages naming the parameter and the value. Package-private. */
final class Checks {
  private Checks() {}

  /** {@code n}, or an {@link IllegalArgumentException} {@code "<name> must be >= <min>; <name>=<n>"}. */
  static int atLeast(String name, int n, int min) {
    if (n < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + "; " + name + "=" + n);
    }
    return n;
  }

  /** {@code id}, or an {@link IllegalArgumentException} when it is null or blank. */
  static String id(String id) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank; id=" + id);
    }
    return id;
  }
}

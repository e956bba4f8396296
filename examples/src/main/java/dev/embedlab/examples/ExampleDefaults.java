package dev.embedlab.examples;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Defaults the example mains share. */
final class ExampleDefaults {
  private ExampleDefaults() {}

  /**
   * The embedding cache folder: {@code override} when given, else {@code ~/.cache/embedlab/embeddings},
   * so repeated runs of the examples embed each data set once per model.
   */
  static Path cacheDir(String override) {
    return override != null ? Path.of(override)
        : Path.of(System.getProperty("user.home"), ".cache", "embedlab", "embeddings");
  }

  /**
   * Parses {@code key=value} arguments.
   *
   * @throws IllegalArgumentException for an argument without {@code =} or with an empty key
   */
  static Map<String, String> options(String[] args) {
    Map<String, String> opt = new HashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("arguments are key=value; got '" + a + "'");
      }
      opt.put(a.substring(0, eq), a.substring(eq + 1));
    }
    return opt;
  }
}

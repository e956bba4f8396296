package dev.embedlab.examples;

import java.nio.file.Files;
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

  /** The shared data folder: the {@code shared=} argument (default {@code ../shared}) + {@code /data}. */
  static Path dataDir(Map<String, String> opt) {
    return Path.of(opt.getOrDefault("shared", "../shared")).resolve("data");
  }

  /**
   * The SciFact BEIR folder under {@link #dataDir}, or {@code null} after printing a one-line reason
   * when it is absent (the examples then stop without failing).
   */
  static Path sciFactOrNull(Map<String, String> opt) {
    Path folder = dataDir(opt).resolve("scifact");
    if (!Files.isDirectory(folder)) {
      System.out.println("SciFact not found at " + folder.toAbsolutePath() + "; pass shared=<folder with data/scifact>");
      return null;
    }
    return folder;
  }
}

package dev.embedlab.examples;

import java.nio.file.Path;

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
}

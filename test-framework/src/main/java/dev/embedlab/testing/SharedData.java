package dev.embedlab.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Locates {@code ../shared} (system property {@code embedlab.shared}, else relative to the repo root). */
public final class SharedData {
  private SharedData() {}

  /** @return the shared folder, or null when absent */
  public static Path root() {
    String p = System.getProperty("embedlab.shared");
    if (p != null && Files.isDirectory(Path.of(p))) {
      return Path.of(p);
    }
    for (Path c : new Path[] {Path.of("../shared"), Path.of("../../shared")}) {
      if (Files.isDirectory(c.resolve("data")) || Files.isDirectory(c.resolve("oracles"))) {
        return c;
      }
    }
    return null;
  }

  /** @return {@code shared/<relative>}, skipping the test with a one-line reason when absent */
  public static Path require(String relative) {
    Path root = root();
    Assumptions.assumeTrue(root != null, "shared folder absent (set -Dembedlab.shared); skipping");
    Path p = root.resolve(relative);
    Assumptions.assumeTrue(Files.exists(p), p + " absent; skipping");
    return p;
  }
}

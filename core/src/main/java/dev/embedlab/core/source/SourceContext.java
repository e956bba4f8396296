package dev.embedlab.core.source;

import dev.embedlab.core.Checks;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What an {@link EmbedderSource} may use when it opens a model: the environment (read from here,
 * never from {@link System#getenv()} directly, so tests and embedding applications control it), a
 * folder for downloads and vectors, the thread count, and a sink for progress lines.
 *
 * @param env environment variables ({@code HF_TOKEN}, {@code HF_HOME}, {@code OPENAI_API_KEY}, …)
 * @param cacheDir a folder the source may write downloaded files or vectors under, or null for none
 * @param threads threads a local model may use, {@code >= 1}
 * @param progress receives human-readable progress lines (downloads); never null
 */
public record SourceContext(Map<String, String> env, Path cacheDir, int threads, Consumer<String> progress) {

  public SourceContext {
    env = Map.copyOf(Objects.requireNonNull(env, "env"));
    Checks.atLeast("threads", threads, 1);
    progress = progress == null ? line -> { } : progress;
  }

  /** The process environment, no cache folder, the available processors, progress discarded. */
  public static SourceContext defaults() {
    return new SourceContext(System.getenv(), null, Runtime.getRuntime().availableProcessors(), null);
  }

  /** The value of environment variable {@code name}, or null. */
  public String env(String name) {
    return env.get(name);
  }

  /** This context with {@code env} replacing the environment. */
  public SourceContext withEnv(Map<String, String> newEnv) {
    return new SourceContext(newEnv, cacheDir, threads, progress);
  }

  /** This context with another cache folder. */
  public SourceContext withCacheDir(Path dir) {
    return new SourceContext(env, dir, threads, progress);
  }

  /** This context with another progress sink. */
  public SourceContext withProgress(Consumer<String> sink) {
    return new SourceContext(env, cacheDir, threads, sink);
  }
}

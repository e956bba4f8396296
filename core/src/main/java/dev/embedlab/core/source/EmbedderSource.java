package dev.embedlab.core.source;

import dev.embedlab.core.Embedder;
import java.io.IOException;

/**
 * One way of turning a model name into an {@link Embedder}, found by its scheme through
 * {@link java.util.ServiceLoader} (after Lucene's named codecs): {@code hf} for the Hugging Face Hub,
 * {@code openai}, {@code cohere}, … for paid APIs, {@code onnx} for a folder, the empty scheme for
 * the models that ship in jars. A module adds a source by listing its class in
 * {@code META-INF/services/dev.embedlab.core.source.EmbedderSource}; nothing else changes.
 *
 * <p>Implementations have a public no-argument constructor, are stateless and thread-safe; every
 * piece of state a call needs (environment, cache folder, progress sink) comes in the
 * {@link SourceContext}, so tests can point a source at a loopback server without touching the
 * process environment.
 */
public interface EmbedderSource {

  /**
   * The scheme this source answers, lower case, without the colon ({@code "hf"}, {@code "openai"});
   * the empty string for plain names (the shipped catalog).
   */
  String scheme();

  /** One line for {@code --help}: what a name looks like and what it loads, e.g. {@code "hf:ORG/NAME[@REV] — ..."}. */
  String usage();

  /**
   * Opens the model {@code name} (the part after {@code scheme:}). The caller owns the returned
   * embedder and closes it.
   *
   * @throws IllegalArgumentException when the name is malformed or names nothing this source knows
   *     (the message says what was expected and, where it can, what exists)
   * @throws IOException when the model exists but cannot be read or fetched
   */
  Embedder open(String name, SourceContext context) throws IOException;

  /**
   * Checks {@code name} without loading weights or calling a network service, so that a command can
   * refuse every bad candidate before any work starts. Default: accepts every non-blank name.
   *
   * @throws IllegalArgumentException when the name cannot be opened by this source
   */
  default void validate(String name, SourceContext context) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("model name after '" + scheme() + ":' must not be blank");
    }
  }
}

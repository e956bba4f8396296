package dev.embedlab.compress;

import java.util.List;
import java.util.Optional;

/**
 * A family of codecs found by name, after Lucene's named formats: implementations are listed in
 * {@code META-INF/services/dev.embedlab.compress.CodecProvider} and found by {@link Codecs} through
 * {@link java.util.ServiceLoader}, so a new codec is a new provider on the class path rather than an
 * edit of a closed list. The built-in codecs come from {@link BuiltInCodecs}.
 */
public interface CodecProvider {
  /** The names this provider understands, as patterns for error messages, such as {@code "pq<m>[x<bits>]"}. */
  List<String> syntax();

  /**
   * The factory for {@code name} (lower case, stripped), or empty when the name is not one of this
   * provider's.
   *
   * @throws IllegalArgumentException when the name is this provider's but a parameter is wrong
   *     ({@code "pq0"}), naming the parameter and the value
   */
  Optional<CodecFactory> parse(String name);
}

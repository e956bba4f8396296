package dev.embedlab.compress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Finds codecs by name: {@code Codecs.named("pq16").create(384)} is an untrained 16-subspace product
 * quantiser for 384-d vectors. The names come from every {@link CodecProvider} on the class path
 * ({@link ServiceLoader}); the built-in ones ({@link BuiltInCodecs}) are {@code float16} (or
 * {@code fp16}), {@code int8}, {@code binary}, {@code pq<m>[x<bits>]}, {@code opq<m>[x<bits>]},
 * {@code pca<k>[w]} (w: whitened) and {@code trunc<k>}. Names are case-insensitive.
 */
public final class Codecs {
  private Codecs() {}

  /**
   * The factory for {@code name}, asking the providers on the class path in their service order.
   *
   * @throws IllegalArgumentException for a blank name, a name no provider knows (the message lists
   *     the known syntaxes) or a wrong parameter
   */
  public static CodecFactory named(String name) {
    return named(name, providers());
  }

  /** As {@link #named(String)}, with these providers instead of the {@link ServiceLoader}'s. */
  public static CodecFactory named(String name, List<CodecProvider> providers) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("codec name must be non-blank; expected one of " + known(providers));
    }
    String n = name.strip().toLowerCase(Locale.ROOT);
    for (CodecProvider p : providers) {
      Optional<CodecFactory> f = p.parse(n);
      if (f.isPresent()) {
        return f.get();
      }
    }
    throw new IllegalArgumentException("unknown codec \"" + name + "\"; expected one of " + known(providers));
  }

  /** Every provider's name syntaxes, in provider order. */
  public static List<String> known(List<CodecProvider> providers) {
    List<String> out = new ArrayList<>();
    providers.forEach(p -> out.addAll(p.syntax()));
    return out;
  }

  /** The providers on the class path (through the {@link ServiceLoader} of this class's loader). */
  public static List<CodecProvider> providers() {
    List<CodecProvider> out = new ArrayList<>();
    ServiceLoader.load(CodecProvider.class, Codecs.class.getClassLoader()).forEach(out::add);
    return out;
  }
}

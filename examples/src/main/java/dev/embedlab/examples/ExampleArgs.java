package dev.embedlab.examples;

import dev.embedlab.models.CachingEmbedder;
import dev.embedlab.models.KnownModel;
import dev.embedlab.models.OnnxEmbedder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code key=value} arguments of an example main over SciFact, read with types: a wrong value
 * is an {@link IllegalArgumentException} naming the option and the value, not a bare
 * {@link NumberFormatException}. {@link #sciFactOrNull(String[])} also finds the data folder (see
 * {@link ExampleDefaults#sciFactOrNull}) and the embedding cache ({@code cache=}).
 *
 * @param options the parsed arguments
 * @param sciFact the SciFact BEIR folder
 * @param cache the embedding cache folder
 */
record ExampleArgs(Map<String, String> options, Path sciFact, Path cache) {

  /**
   * Parses {@code args}; null after printing a one-line reason when SciFact is absent (the example
   * then stops without failing).
   */
  static ExampleArgs sciFactOrNull(String[] args) {
    Map<String, String> opt = ExampleDefaults.options(args);
    Path folder = ExampleDefaults.sciFactOrNull(opt);
    return folder == null ? null : new ExampleArgs(opt, folder, ExampleDefaults.cacheDir(opt.get("cache")));
  }

  /** Option {@code key}, or {@code def}. */
  String text(String key, String def) {
    return options.getOrDefault(key, def);
  }

  /** Option {@code key} as an int, or {@code def}. */
  int integer(String key, int def) {
    String v = options.get(key);
    try {
      return v == null ? def : Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer; " + key + "=" + v, e);
    }
  }

  /** Option {@code key} as a long, or {@code def}. */
  long longValue(String key, long def) {
    String v = options.get(key);
    try {
      return v == null ? def : Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer; " + key + "=" + v, e);
    }
  }

  /** Option {@code key} as a double, or {@code def}. */
  double real(String key, double def) {
    String v = options.get(key);
    try {
      return v == null ? def : Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number; " + key + "=" + v, e);
    }
  }

  /** Option {@code key} as {@code true}/{@code false}, or {@code def}. */
  boolean flag(String key, boolean def) {
    String v = options.get(key);
    if (v == null) {
      return def;
    }
    if (!v.equals("true") && !v.equals("false")) {
      throw new IllegalArgumentException(key + " must be true or false; " + key + "=" + v);
    }
    return v.equals("true");
  }

  /** Option {@code key} as a constant of {@code type}, or {@code def}. */
  <E extends Enum<E>> E constant(String key, Class<E> type, E def) {
    String v = options.get(key);
    try {
      return v == null ? def : Enum.valueOf(type, v.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + " must be one of " + java.util.Arrays.toString(type.getEnumConstants())
          + "; " + key + "=" + v, e);
    }
  }

  /** Option {@code model} as a {@link KnownModel} constant, or {@code def}. */
  KnownModel model(KnownModel def) {
    return constant("model", KnownModel.class, def);
  }

  /** Option {@code out} (default {@code def}) as a folder, created. */
  Path outDir(String def) throws IOException {
    return Files.createDirectories(Path.of(options.getOrDefault("out", def)));
  }

  /** Option {@code seed}, default 42. */
  long seed() {
    return longValue("seed", 42);
  }

  /**
   * {@code model} through ONNX Runtime, behind the embedding cache {@link #cache()} (the corpus is
   * embedded once per model for every run and example).
   */
  CachingEmbedder cachedEmbedder(KnownModel model) {
    return CachingEmbedder.wrap(OnnxEmbedder.builder(model).build(), cache);
  }
}

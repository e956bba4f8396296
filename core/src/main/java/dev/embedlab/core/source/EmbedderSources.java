package dev.embedlab.core.source;

import dev.embedlab.core.Embedder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Resolves a model name such as {@code hf:BAAI/bge-small-en-v1.5@main}, {@code openai:text-embedding-3-small}
 * or {@code all-minilm-l6-v2} to the {@link EmbedderSource} for its scheme. The scheme is the text before
 * the first colon when it is a lower-case word of letters, digits and dashes; any other name goes to the
 * source with the empty scheme (the shipped catalog).
 */
public final class EmbedderSources {
  private final Map<String, EmbedderSource> byScheme;

  private EmbedderSources(Map<String, EmbedderSource> byScheme) {
    this.byScheme = Collections.unmodifiableMap(byScheme);
  }

  /** Every source on the class path of {@code loader} (the context class loader when null). */
  public static EmbedderSources load(ClassLoader loader) {
    ClassLoader cl = loader != null ? loader : Thread.currentThread().getContextClassLoader();
    return of(ServiceLoader.load(EmbedderSource.class, cl).stream().map(ServiceLoader.Provider::get).toList());
  }

  /** Every source on the class path. */
  public static EmbedderSources load() {
    return load(null);
  }

  /**
   * These sources.
   *
   * @throws IllegalArgumentException when two sources claim one scheme (naming both classes)
   */
  public static EmbedderSources of(List<EmbedderSource> sources) {
    Map<String, EmbedderSource> m = new TreeMap<>();
    for (EmbedderSource s : sources) {
      String scheme = s.scheme();
      if (scheme == null || !scheme.equals(scheme.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("scheme of " + s.getClass().getName()
            + " must be lower case and non-null; scheme=" + scheme);
      }
      EmbedderSource prev = m.put(scheme, s);
      if (prev != null) {
        throw new IllegalArgumentException("scheme '" + scheme + "' is claimed twice: "
            + prev.getClass().getName() + " and " + s.getClass().getName());
      }
    }
    return new EmbedderSources(m);
  }

  /** The schemes known, sorted; the empty string stands for plain names. */
  public List<String> schemes() {
    return new ArrayList<>(byScheme.keySet());
  }

  /** The usage line of every source, sorted by scheme. */
  public List<String> usages() {
    return byScheme.values().stream().map(EmbedderSource::usage).toList();
  }

  /** The scheme of {@code spec}: the text before the first colon when it is a scheme word, else {@code ""}. */
  public static String schemeOf(String spec) {
    int c = spec.indexOf(':');
    if (c <= 0) {
      return "";
    }
    String head = spec.substring(0, c);
    return head.matches("[a-z][a-z0-9-]*") ? head : "";
  }

  /** The part of {@code spec} after its scheme. */
  public static String nameOf(String spec) {
    String scheme = schemeOf(spec);
    return scheme.isEmpty() ? spec : spec.substring(scheme.length() + 1);
  }

  /**
   * The source that opens {@code spec}.
   *
   * @throws IllegalArgumentException when no source answers its scheme (the message lists the schemes
   *     known and the module that usually provides a missing one)
   */
  public EmbedderSource sourceFor(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("model name must not be blank");
    }
    String scheme = schemeOf(spec);
    EmbedderSource s = byScheme.get(scheme);
    if (s == null) {
      throw new IllegalArgumentException("no model source for '" + spec + "': scheme '" + scheme
          + "' is unknown; expected one of " + schemes().stream().map(x -> x.isEmpty() ? "<plain name>" : x + ":").toList()
          + " (sources are found on the class path: embedlab-models provides hf:, onnx:, openai:, azure:, gemini:, cohere:, voyage:)");
    }
    return s;
  }

  /** Checks {@code spec} without loading anything (see {@link EmbedderSource#validate}). */
  public void validate(String spec, SourceContext context) {
    sourceFor(spec).validate(nameOf(spec), context);
  }

  /** Opens {@code spec}; the caller owns and closes the embedder. */
  public Embedder open(String spec, SourceContext context) throws IOException {
    return sourceFor(spec).open(nameOf(spec), context);
  }
}

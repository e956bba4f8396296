package dev.embedlab.models;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.source.EmbedderSource;
import dev.embedlab.core.source.SourceContext;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The models that ship in jars ({@link KnownModel}), named plainly: {@code all-minilm-l6-v2} (the id)
 * or {@code ALL_MINILM_L6_V2} (the enum name), case-insensitive, with optional
 * {@code ?maxLength=N&pooling=…&queryPrefix=…&documentPrefix=…} options. The empty scheme of
 * {@link dev.embedlab.core.source.EmbedderSources}.
 */
public final class CatalogSource implements EmbedderSource {

  /** For {@link java.util.ServiceLoader}. */
  public CatalogSource() {}

  @Override
  public String scheme() {
    return "";
  }

  @Override
  public String usage() {
    return "NAME[?maxLength=N] — a shipped model by id (" + String.join(", ", ids())
        + "); its weights jar embedlab-model-NAME must be on the class path";
  }

  @Override
  public Embedder open(String name, SourceContext context) {
    SourceOptions o = SourceOptions.parse(name);
    return o.apply(OnnxEmbedder.builder(model(name, o.name())), name, context.threads()).build();
  }

  @Override
  public void validate(String name, SourceContext context) {
    model(name);
  }

  /**
   * The catalog model a spec names, its options ({@code ?maxLength=…}) set aside.
   *
   * @throws IllegalArgumentException naming the known ids, or a malformed option
   */
  public static KnownModel model(String spec) {
    return model(spec, SourceOptions.parse(spec).name());
  }

  /**
   * The catalog model {@code id} names.
   *
   * @throws IllegalArgumentException naming the known ids
   */
  public static KnownModel model(String spec, String id) {
    String t = id == null ? "" : id.strip();
    for (KnownModel m : KnownModel.values()) {
      if (m.id().equalsIgnoreCase(t) || m.name().equalsIgnoreCase(t)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown model \"" + spec + "\"; known: " + ids()
        + " (or scheme:NAME for another source, e.g. onnx:DIR for an ONNX model folder)");
  }

  private static List<String> ids() {
    return Arrays.stream(KnownModel.values()).map(m -> m.id().toLowerCase(Locale.ROOT)).toList();
  }
}

package dev.embedlab.staticemb;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.source.EmbedderSource;
import dev.embedlab.core.source.SourceContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code static:NAME}: a static embedding model. {@code NAME} is a folder in the model2vec /
 * sentence-transformers {@code StaticEmbedding} layout, or the id of a model shipped as an artifact
 * on the class path ({@code static:ko-static} with {@code embedlab-model-ko-static}).
 */
public final class StaticSource implements EmbedderSource {
  /** Where shipped static models keep their files: {@code dev/embedlab/staticemb/<id>/}. */
  static final String SHIPPED_BASE = "dev/embedlab/staticemb/";

  @Override
  public String scheme() {
    return "static";
  }

  @Override
  public String usage() {
    return "static:DIR | static:ko-static — a static embedding model (model2vec layout) from a folder or a shipped artifact";
  }

  @Override
  public void validate(String name, SourceContext context) {
    EmbedderSource.super.validate(name, context);
    if (!Files.isDirectory(Path.of(name)) && !shipped(name)) {
      throw new IllegalArgumentException("static:" + name + ": expected a static model folder (model.safetensors, "
          + "tokenizer.json, config.json) or the id of a shipped static model on the class path (ko-static with "
          + "dev.embedlab:embedlab-model-ko-static); found neither");
    }
  }

  @Override
  public Embedder open(String name, SourceContext context) throws IOException {
    validate(name, context);
    // The context's threads pool the texts of each batch (the tokenizer is parallel by itself).
    if (Files.isDirectory(Path.of(name))) {
      Path dir = Path.of(name);
      return new StaticEmbedder(StaticModel.read(dir), "static:" + dir.getFileName(), StaticEmbedder.DEFAULT_MAX_TOKENS,
          context.threads());
    }
    return StaticEmbedder.openResource(loader(), SHIPPED_BASE + name, name, context.threads());
  }

  private static boolean shipped(String name) {
    return name.matches("[a-z0-9][a-z0-9.-]*") && loader().getResource(SHIPPED_BASE + name + "/model.safetensors") != null;
  }

  private static ClassLoader loader() {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    return cl != null ? cl : StaticSource.class.getClassLoader();
  }
}

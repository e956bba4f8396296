package dev.embedlab.examples;

import dev.embedlab.core.Embedder;
import dev.embedlab.data.Document;
import dev.embedlab.data.Query;
import dev.embedlab.models.CachingEmbedder;
import dev.embedlab.core.Fingerprinted;
import dev.embedlab.models.KnownModel;
import dev.embedlab.models.OnnxEmbedder;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Shared plumbing of the quality-lever examples (PreprocessingDemo, EnsembleSearch, HybridSearch). */
final class LeverSupport {
  private LeverSupport() {}

  /** Parses {@code key=value} arguments. */
  static Map<String, String> options(String[] args) {
    return ExampleDefaults.options(args);
  }

  /** The shared data folder: {@code shared=} argument, else {@code ../shared/data}. */
  static Path data(Map<String, String> opt) {
    return ExampleDefaults.dataDir(opt);
  }

  /**
   * A catalog model behind the on-disk embedding cache ({@code cache=}, default ~/.cache/embedlab/embeddings).
   * With {@code cacheOnly=true} a text missing from the cache is an error instead of a model call, so
   * a run that must not embed (no CPU lock held) fails fast rather than loading the machine.
   */
  static CachingEmbedder cached(KnownModel model, Map<String, String> opt) {
    Path cache = ExampleDefaults.cacheDir(opt.get("cache"));
    OnnxEmbedder onnx = OnnxEmbedder.builder(model).build();
    if (Boolean.parseBoolean(opt.getOrDefault("cacheOnly", "false"))) {
      return CachingEmbedder.wrap(new CacheOnly(onnx), cache);
    }
    return CachingEmbedder.wrap(onnx, cache);
  }

  /** Same id and fingerprint as the model (so the same cache entries), but never embeds. */
  private static final class CacheOnly implements Embedder, Fingerprinted {
    private final OnnxEmbedder model;

    CacheOnly(OnnxEmbedder model) {
      this.model = model;
    }

    @Override
    public float[][] embed(List<String> texts, Role role) {
      throw new IllegalStateException(texts.size() + " " + role + " text(s) of " + model.id()
          + " are not in the cache and cacheOnly=true; rerun under the CPU lock without cacheOnly");
    }

    @Override
    public int dimension() {
      return model.dimension();
    }

    @Override
    public String id() {
      return model.id();
    }

    @Override
    public String fingerprint() {
      return model.fingerprint();
    }

    @Override
    public void close() {
      model.close();
    }
  }

  static float[][] embedDocs(Embedder e, List<Document> docs) {
    return e.embed(docs.stream().map(Document::titleAndText).toList(), Embedder.Role.DOCUMENT);
  }

  static float[][] embedQueries(Embedder e, List<Query> queries) {
    return e.embed(queries.stream().map(Query::text).toList(), Embedder.Role.QUERY);
  }

  static String f4(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  static String machine() {
    return Runtime.getRuntime().availableProcessors() + "-core " + System.getProperty("os.arch") + ", "
        + (Runtime.getRuntime().maxMemory() >> 20) + " MiB max heap, Java "
        + System.getProperty("java.vm.version") + " (" + System.getProperty("java.vm.name") + ")";
  }
}

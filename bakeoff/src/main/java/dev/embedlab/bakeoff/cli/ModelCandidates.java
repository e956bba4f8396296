package dev.embedlab.bakeoff.cli;

import dev.embedlab.bakeoff.Candidate;
import dev.embedlab.bakeoff.EmbedderFacts;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.TokenCounting;
import dev.embedlab.core.source.EmbedderSources;
import dev.embedlab.core.source.SourceContext;
import dev.embedlab.models.CachingEmbedder;
import dev.embedlab.models.CatalogSource;
import dev.embedlab.models.KnownModel;
import dev.embedlab.models.OnnxEmbedder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a model named on the command line becomes a bake-off candidate: opened through its source,
 * behind the on-disk cache (truncation still counted on cache hits where the model counts its own
 * tokens), probed at another maximum length through the same source, described for the reports.
 */
final class ModelCandidates {
  private ModelCandidates() {}

  /**
   * A candidate for the model {@code spec} names, opened through its source (the caller owns nothing
   * until the bake-off builds it), optionally behind the on-disk cache. The truncation probe asks the
   * same source for {@code spec?maxLength=N}, behind the same cache when the model counts its own
   * tokens ({@link TokenCounting}: cut texts are counted on cache hits too, and a second run embeds
   * nothing); a source that does not take the option is not probed.
   */
  static Candidate.Builder candidate(String name, String spec, EmbedderSources sources, SourceContext context,
      Path cache) {
    Map<String, String> extra = new LinkedHashMap<>();
    String description = spec;
    if (EmbedderSources.schemeOf(spec).isEmpty()) {
      KnownModel m = CatalogSource.model(spec);
      description = m.name() + " (" + m.licence() + ", " + m.mavenCoordinates() + ")";
      extra.put("queryPrefix", m.queryPrefix());
      extra.put("documentPrefix", m.documentPrefix());
    }
    return Candidate.builder(name, () -> cached(open(sources, spec, context), cache))
        .description(description)
        .cachedEmbeddings(cache != null)
        .atMaxLength(len -> {
          String longer = withOption(spec, "maxLength", Integer.toString(len));
          sources.validate(longer, context); // IllegalArgumentException: this source takes no maxLength
          // Behind the same cache only where cut texts are still counted on cache hits (the model's own
          // tokenizer; the fingerprint names the length): another model's probe at the candidate's own length
          // would read the candidate's vectors and report no cut text.
          Embedder probe = open(sources, longer, context);
          return probe instanceof TokenCounting ? cached(probe, cache) : probe;
        })
        .describer(describer(extra, cache));
  }

  /** The report properties of an embedder: what its provenance says, then {@code extra}, then the cache. */
  static java.util.function.Function<Embedder, Map<String, String>> describer(Map<String, String> extra,
      Path cache) {
    return e -> {
      Map<String, String> p = new LinkedHashMap<>(EmbedderFacts.properties(e));
      p.putAll(extra);
      OnnxEmbedder ox = e instanceof OnnxEmbedder x ? x
          : e instanceof CachedUsage cu && cu.uncachedModel() instanceof OnnxEmbedder x ? x : null;
      if (ox != null && !ox.configNotes().isEmpty()) {
        p.put(BakeOffMain.CONFIG_NOTES, String.join("; ", ox.configNotes())); // the console prints them
      }
      if (cache != null) {
        p.put("cache", cache.toString());
        p.put("truncation", e instanceof CachedUsage
            ? "counted by a tokenizer pass over every text (cache hits do not run the model): texts reaching maxLength"
            : "counted on cache misses only (the model has no tokenizer embedlab can run)");
      }
      return p;
    };
  }

  private static Embedder open(EmbedderSources sources, String spec, SourceContext context) {
    try {
      return sources.open(spec, context);
    } catch (IOException e) {
      throw new UncheckedIOException("opening model " + spec + " failed", e);
    }
  }

  /**
   * {@code e} behind the on-disk cache, or {@code e} when there is none. A model that counts its own
   * tokens ({@link TokenCounting}: ONNX, Hub and static models) counts its truncations with a
   * tokenizer pass over every text, since cache hits do not run it.
   */
  private static Embedder cached(Embedder e, Path cache) {
    if (cache == null) {
      return e;
    }
    try {
      // a capability of the model itself (its tokenizer), not a wrapper being peeled
      return e instanceof TokenCounting tc ? new CachedUsage(CachingEmbedder.wrap(e, cache), e, tc)
          : CachingEmbedder.wrap(e, cache);
    } catch (RuntimeException ex) {
      try {
        e.close(); // the caller never received it
      } catch (RuntimeException suppressed) {
        ex.addSuppressed(suppressed);
      }
      throw ex;
    }
  }

  /**
   * {@code spec} with the option {@code key=value} (percent-encoded), replacing the value a spec
   * already gives ({@code m?maxLength=8} probed at 16 is {@code m?maxLength=16}, not a repeated key).
   */
  static String withOption(String spec, String key, String value) {
    int q = spec.indexOf('?');
    StringBuilder out = new StringBuilder(q < 0 ? spec : spec.substring(0, q));
    char sep = '?';
    if (q >= 0) {
      for (String kv : spec.substring(q + 1).split("&", -1)) {
        if (!kv.isEmpty() && !kv.equals(key) && !kv.startsWith(key + "=")) {
          out.append(sep).append(kv);
          sep = '&';
        }
      }
    }
    return out.append(sep).append(key).append('=')
        .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"))
        .toString();
  }

  /** The {@code onnx:} spec of a {@code --model-dir name=DIR}, with its pooling and prefixes as options. */
  static String folderSpec(String name, Path dir, BakeOffOptions o) {
    String spec = withOption("onnx:" + dir, "id", name);
    if (o.pooling().containsKey(name)) {
      spec = withOption(spec, "pooling", o.pooling().get(name));
    }
    if (o.queryPrefix().containsKey(name)) {
      spec = withOption(spec, "queryPrefix", o.queryPrefix().get(name));
    }
    if (o.docPrefix().containsKey(name)) {
      spec = withOption(spec, "documentPrefix", o.docPrefix().get(name));
    }
    return spec;
  }
}

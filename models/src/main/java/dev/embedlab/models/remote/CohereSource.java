package dev.embedlab.models.remote;

import dev.embedlab.core.source.SourceContext;
import java.util.List;
import java.util.Map;

/**
 * {@code cohere:MODEL[?dimensions=N&dim=N&batch=N&price=USD]}: Cohere's Embed v2
 * ({@code embed-multilingual-v3.0}, {@code embed-english-v3.0}, {@code embed-v4.0}, …); the key from
 * {@code COHERE_API_KEY} or {@code CO_API_KEY}; {@code COHERE_BASE_URL} or {@code CO_API_URL} for a proxy.
 */
public final class CohereSource extends RemoteSource {
  private static final Map<String, Integer> DIMS = Map.of(
      "embed-v4.0", 1536, "embed-english-v3.0", 1024, "embed-multilingual-v3.0", 1024,
      "embed-english-light-v3.0", 384, "embed-multilingual-light-v3.0", 384);

  @Override
  public String scheme() {
    return "cohere";
  }

  @Override
  public String usage() {
    return "cohere:MODEL[?dimensions=N&dim=N&batch=N&price=USD] — Cohere Embed v2 (embed-multilingual-v3.0, embed-v4.0), "
        + "search_query/search_document; key in COHERE_API_KEY or CO_API_KEY";
  }

  @Override
  Integer knownDimension(String model) {
    return DIMS.get(model);
  }

  @Override
  List<String> keyVariables() {
    return List.of("COHERE_API_KEY", "CO_API_KEY");
  }

  @Override
  void checkOptions(Spec spec) {
    if (spec.options().containsKey("dimensions") && spec.model().contains("-v3")) {
      throw new IllegalArgumentException(spec.model() + " cannot shorten its vectors; dimensions= (output_dimension) "
          + "works for embed-v4.0 and later");
    }
  }

  @Override
  Protocol protocol(Spec spec, SourceContext context) {
    return new CohereProtocol(base(context, CohereProtocol.BASE, "COHERE_BASE_URL", "CO_API_URL"), spec.model(),
        spec.dimensionsOption());
  }
}

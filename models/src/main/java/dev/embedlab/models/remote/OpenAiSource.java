package dev.embedlab.models.remote;

import dev.embedlab.core.source.SourceContext;
import java.util.List;
import java.util.Map;

/**
 * {@code openai:MODEL[?dimensions=N&dim=N&batch=N&price=USD]}: OpenAI's embeddings API with the key
 * in {@code OPENAI_API_KEY}; {@code OPENAI_BASE_URL} points it at a proxy or a compatible server.
 */
public final class OpenAiSource extends RemoteSource {
  private static final Map<String, Integer> DIMS = Map.of(
      "text-embedding-3-small", 1536, "text-embedding-3-large", 3072, "text-embedding-ada-002", 1536);

  @Override
  public String scheme() {
    return "openai";
  }

  @Override
  public String usage() {
    return "openai:MODEL[?dimensions=N&dim=N&batch=N&price=USD] — OpenAI embeddings (text-embedding-3-small, "
        + "text-embedding-3-large); key in OPENAI_API_KEY, base URL in OPENAI_BASE_URL";
  }

  @Override
  Integer knownDimension(String model) {
    return DIMS.get(model);
  }

  @Override
  List<String> keyVariables() {
    return List.of("OPENAI_API_KEY");
  }

  @Override
  void checkOptions(Spec spec) {
    if (spec.options().containsKey("dimensions") && spec.model().equals("text-embedding-ada-002")) {
      throw new IllegalArgumentException("text-embedding-ada-002 cannot shorten its vectors; dimensions= works for "
          + "text-embedding-3 models only");
    }
  }

  @Override
  Protocol protocol(Spec spec, SourceContext context) {
    return OpenAiProtocol.openAi(base(context, OpenAiProtocol.OPENAI_BASE, "OPENAI_BASE_URL"), spec.model(),
        spec.dimensionsOption());
  }
}

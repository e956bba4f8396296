package dev.embedlab.models.remote;

import dev.embedlab.core.source.SourceContext;
import java.util.List;
import java.util.Map;

/**
 * {@code gemini:MODEL[?dimensions=N&dim=N&batch=N&price=USD]}: the Gemini API
 * ({@code gemini-embedding-001}, {@code text-embedding-004}); the key from {@code GOOGLE_API_KEY}
 * or {@code GEMINI_API_KEY} (the first one set, in that order, as Google's SDK does),
 * {@code GEMINI_BASE_URL} for a proxy.
 */
public final class GeminiSource extends RemoteSource {
  private static final Map<String, Integer> DIMS = Map.of("gemini-embedding-001", 3072, "text-embedding-004", 768);

  @Override
  public String scheme() {
    return "gemini";
  }

  @Override
  public String usage() {
    return "gemini:MODEL[?dimensions=N&dim=N&batch=N&price=USD] — Gemini API (gemini-embedding-001, text-embedding-004), "
        + "RETRIEVAL_QUERY/RETRIEVAL_DOCUMENT; key in GEMINI_API_KEY or GOOGLE_API_KEY";
  }

  @Override
  Integer knownDimension(String model) {
    return DIMS.get(model);
  }

  @Override
  List<String> keyVariables() {
    return List.of("GOOGLE_API_KEY", "GEMINI_API_KEY");
  }

  @Override
  Protocol protocol(Spec spec, SourceContext context) {
    return new GeminiProtocol(base(context, GeminiProtocol.BASE, "GEMINI_BASE_URL"), spec.model(), spec.dimensionsOption());
  }
}

package dev.embedlab.models.remote;

import dev.embedlab.core.source.SourceContext;
import java.util.List;
import java.util.Map;

/**
 * {@code voyage:MODEL[?dimensions=N&dim=N&batch=N&price=USD]}: Voyage AI ({@code voyage-3.5},
 * {@code voyage-3-large}, {@code voyage-multilingual-2}, …); the key from {@code VOYAGE_API_KEY},
 * {@code VOYAGE_BASE_URL} for a proxy.
 */
public final class VoyageSource extends RemoteSource {
  private static final Map<String, Integer> DIMS = Map.ofEntries(
      Map.entry("voyage-3.5", 1024), Map.entry("voyage-3.5-lite", 1024), Map.entry("voyage-3-large", 1024),
      Map.entry("voyage-3", 1024), Map.entry("voyage-3-lite", 512), Map.entry("voyage-multilingual-2", 1024),
      Map.entry("voyage-code-3", 1024), Map.entry("voyage-4", 1024), Map.entry("voyage-4-lite", 1024));

  @Override
  public String scheme() {
    return "voyage";
  }

  @Override
  public String usage() {
    return "voyage:MODEL[?dimensions=N&dim=N&batch=N&price=USD] — Voyage AI (voyage-3.5, voyage-3-large, "
        + "voyage-multilingual-2), query/document; key in VOYAGE_API_KEY";
  }

  @Override
  Integer knownDimension(String model) {
    return DIMS.get(model);
  }

  @Override
  List<String> keyVariables() {
    return List.of("VOYAGE_API_KEY");
  }

  @Override
  Protocol protocol(Spec spec, SourceContext context) {
    return new VoyageProtocol(base(context, VoyageProtocol.BASE, "VOYAGE_BASE_URL"), spec.model(), spec.dimensionsOption());
  }
}

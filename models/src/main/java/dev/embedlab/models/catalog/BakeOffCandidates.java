package dev.embedlab.models.catalog;

import java.util.Map;
import java.util.Optional;

/**
 * The bake-off candidate name that measures a published model on a team's own data: a shipped catalog id
 * when embedlab ships the model, {@code hf:ORG/NAME} for other open-weights models, and the provider's
 * scheme ({@code openai:}, {@code gemini:} (the Gemini API serves Google's embedding models), {@code cohere:}, {@code voyage:}) with the provider's own model
 * name for paid APIs.
 */
public final class BakeOffCandidates {
  /** MTEB names that embedlab ships (fp32, so the published and measured models are the same). */
  private static final Map<String, String> SHIPPED = Map.of(
      "sentence-transformers/all-MiniLM-L6-v2", "all-minilm-l6-v2",
      "BAAI/bge-small-en-v1.5", "bge-small-en-v1.5");

  /** MTEB organisation of an API model -> embedlab scheme, and the prefix MTEB adds to the API's name. */
  private static final Map<String, String[]> APIS = Map.of(
      "openai", new String[] {"openai", ""},
      "google", new String[] {"gemini", ""},
      "Cohere", new String[] {"cohere", "Cohere-"},
      "voyageai", new String[] {"voyage", ""});

  private BakeOffCandidates() {}

  /** The candidate name for {@code model}, empty when no embedlab source serves it. */
  public static Optional<String> of(PublishedModel model) {
    String name = model.name();
    String shipped = SHIPPED.get(name);
    if (shipped != null) {
      return Optional.of(shipped);
    }
    int slash = name.indexOf('/');
    if (Boolean.TRUE.equals(model.openWeights())) {
      return slash > 0 ? Optional.of("hf:" + name) : Optional.empty();
    }
    if (slash > 0) {
      String[] api = APIS.get(name.substring(0, slash));
      String rest = name.substring(slash + 1);
      if (api != null) {
        return Optional.of(api[0] + ":" + (rest.startsWith(api[1]) ? rest.substring(api[1].length()) : rest));
      }
    }
    return Optional.empty();
  }
}

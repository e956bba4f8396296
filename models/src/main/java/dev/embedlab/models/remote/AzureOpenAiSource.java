package dev.embedlab.models.remote;

import dev.embedlab.core.source.SourceContext;
import java.util.List;
import java.util.Set;

/**
 * {@code azure:DEPLOYMENT[?model=M&api-version=V&dimensions=N&dim=N&batch=N&price=USD]}: an Azure
 * OpenAI deployment. The resource URL comes from {@code AZURE_OPENAI_ENDPOINT}, the key from
 * {@code AZURE_OPENAI_API_KEY}, the api-version from the option, else {@code OPENAI_API_VERSION},
 * else {@value OpenAiProtocol#AZURE_API_VERSION}. {@code model=} names the model behind the
 * deployment (for its dimension and price); without it the deployment name is taken as the model.
 */
public final class AzureOpenAiSource extends RemoteSource {

  @Override
  public String scheme() {
    return "azure";
  }

  @Override
  public String usage() {
    return "azure:DEPLOYMENT[?model=M&api-version=V&dimensions=N&dim=N&batch=N&price=USD] — Azure OpenAI; "
        + "AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_API_KEY";
  }

  @Override
  Set<String> extraOptions() {
    return Set.of("model", "api-version");
  }

  @Override
  String pricedModel(Spec spec) {
    return spec.options().getOrDefault("model", spec.model());
  }

  @Override
  Integer knownDimension(String model) {
    return new OpenAiSource().knownDimension(model);
  }

  @Override
  List<String> keyVariables() {
    return List.of("AZURE_OPENAI_API_KEY");
  }

  @Override
  Protocol protocol(Spec spec, SourceContext context) {
    String endpoint = context.env("AZURE_OPENAI_ENDPOINT");
    if (endpoint == null || endpoint.isBlank()) {
      throw new IllegalArgumentException("azure: set AZURE_OPENAI_ENDPOINT to the resource URL "
          + "(https://NAME.openai.azure.com)");
    }
    String version = spec.options().get("api-version");
    if (version == null) {
      String env = context.env("OPENAI_API_VERSION");
      version = env == null || env.isBlank() ? OpenAiProtocol.AZURE_API_VERSION : env.trim();
    }
    return OpenAiProtocol.azure(base(context, null, "AZURE_OPENAI_ENDPOINT"), spec.model(), version,
        spec.dimensionsOption());
  }
}

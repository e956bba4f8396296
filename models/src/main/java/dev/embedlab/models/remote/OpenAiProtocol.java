package dev.embedlab.models.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embedlab.core.Embedder;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The OpenAI embeddings shape, spoken by OpenAI, by Azure OpenAI and by the local servers that copy
 * it (llama.cpp, vLLM, Ollama, text-embeddings-inference).
 *
 * <p>OpenAI ("Create embeddings", https://platform.openai.com/docs/api-reference/embeddings/create):
 * {@code POST {base}/embeddings} with {@code Authorization: Bearer KEY} and
 * {@code {"model", "input": [...], "encoding_format": "float", "dimensions"?}} — at most 2048 inputs
 * per request, {@code dimensions} only for {@code text-embedding-3} and later; the answer is
 * {@code {"data": [{"index", "embedding"}], "usage": {"prompt_tokens", "total_tokens"}}}.
 *
 * <p>Azure OpenAI ("Azure OpenAI in Azure AI Foundry Models REST API reference", Embeddings,
 * https://learn.microsoft.com/en-us/azure/ai-foundry/openai/reference#embeddings):
 * {@code POST {endpoint}/openai/deployments/{deployment}/embeddings?api-version=V} with an
 * {@code api-key} header and the same body without {@code model} (the deployment names it); the
 * answer has the same shape. Both send {@code x-ratelimit-*} headers, which {@link RemoteHttp} keeps.
 * Roles do not change the request: OpenAI's models take no task type (a prefix can be configured).
 */
public final class OpenAiProtocol extends BaseProtocol {
  /** OpenAI's base URL. */
  public static final URI OPENAI_BASE = URI.create("https://api.openai.com/v1");
  /** The Azure OpenAI GA api-version used when none is given. */
  public static final String AZURE_API_VERSION = "2024-10-21";
  /** OpenAI's documented limit of inputs per request (Azure documents the same for current models). */
  public static final int MAX_BATCH = 2048;

  private final boolean azure;

  private OpenAiProtocol(String provider, URI endpoint, String model, Integer dimensions, boolean azure) {
    super(provider, endpoint, model, dimensions, "dimensions", MAX_BATCH);
    this.azure = azure;
  }

  /**
   * OpenAI (or a compatible server) at {@code base} (e.g. {@code https://api.openai.com/v1});
   * {@code dimensions} asks for shortened vectors, or null for the model's own length.
   */
  public static OpenAiProtocol openAi(URI base, String model, Integer dimensions) {
    return new OpenAiProtocol("openai", RemoteHttp.join(RemoteHttp.checkBase(base), "embeddings"), model, dimensions, false);
  }

  /** Like {@link #openAi} under another provider name (an OpenAI-compatible server). */
  public static OpenAiProtocol compatible(String provider, URI base, String model, Integer dimensions) {
    return new OpenAiProtocol(provider, RemoteHttp.join(RemoteHttp.checkBase(base), "embeddings"), model, dimensions, false);
  }

  /**
   * An Azure OpenAI deployment: {@code endpoint} is the resource URL
   * ({@code https://NAME.openai.azure.com}), {@code apiVersion} e.g. {@value #AZURE_API_VERSION}.
   */
  public static OpenAiProtocol azure(URI endpoint, String deployment, String apiVersion, Integer dimensions) {
    if (apiVersion == null || !apiVersion.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}(-preview)?")) {
      throw new IllegalArgumentException("api-version must look like 2024-10-21 or 2025-04-01-preview; api-version="
          + apiVersion);
    }
    if (deployment == null || !deployment.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("Azure deployment name must be letters, digits, '.', '_' or '-'; deployment="
          + deployment);
    }
    URI u = URI.create(RemoteHttp.join(RemoteHttp.checkBase(endpoint), "openai/deployments/" + deployment + "/embeddings")
        + "?api-version=" + URLEncoder.encode(apiVersion, StandardCharsets.UTF_8));
    return new OpenAiProtocol("azure", u, deployment, dimensions, true);
  }

  @Override
  public Map<String, String> authHeaders(String apiKey) {
    return azure && apiKey != null ? Map.of("api-key", apiKey) : super.authHeaders(apiKey);
  }

  @Override
  public String body(List<String> texts, Embedder.Role role) {
    ObjectNode body = RemoteHttp.JSON.createObjectNode();
    if (!azure) {
      body.put("model", model());
    }
    body.setAll(withTexts("input", texts));
    body.put("encoding_format", "float");
    putDimensions(body);
    return body.toString();
  }

  @Override
  public Batch read(JsonNode response, int count) {
    return Responses.dataList(response, count, "prompt_tokens");
  }
}

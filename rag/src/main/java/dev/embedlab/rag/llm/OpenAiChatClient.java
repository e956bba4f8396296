package dev.embedlab.rag.llm;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embedlab.core.Checks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import dev.embedlab.models.remote.Redactor;
import dev.embedlab.models.remote.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client of the OpenAI Chat Completions API ({@code POST {base}/chat/completions}) and of every server
 * that speaks it (vLLM, Ollama's {@code /v1}, LM Studio, Azure's compatible endpoint): request
 * {@code {model, messages, temperature, seed, response_format}}; answer {@code choices[0].message}
 * with {@code content} or {@code refusal}, {@code finish_reason}, and {@code usage.prompt_tokens} /
 * {@code completion_tokens}.
 *
 * <p><b>Cache and audit.</b> With a cache folder, every answer is stored under the SHA-256 of its
 * canonical request (model, messages, temperature, seed, format), written atomically, with the request
 * beside it; a second run with the same requests makes no call and gives the same answers, so a
 * generated set or an LLM-judged score is reproducible and auditable. {@link #usage()} counts calls,
 * cache hits and tokens, from which {@link #cost(double, double)} prices the run.
 *
 * <p><b>Errors.</b> 429 and 5xx are retried (at most {@code maxRetries} times) by the remote
 * embedders' {@link RetryPolicy} ({@code Retry-After} as seconds or an HTTP date, capped at 60 s,
 * else exponential back-off from 1 s); other statuses fail with the status and the provider's error
 * message, redacted by the remote embedders' {@link Redactor} (every encoding of the key, redacted
 * before the message is cut). A malformed
 * body fails naming what was expected. The key is sent only in the {@code Authorization} header.
 */
public final class OpenAiChatClient implements ChatModel {
  private static final ObjectMapper JSON = new ObjectMapper();
  static {
    JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(200).maxNumberLength(100).maxStringLength(16 << 20).build());
  }

  private final URI endpoint;
  private final String apiKey;
  private final String model;
  private final double temperature;
  private final Long seed;
  private final Path cacheDir;
  private final RetryPolicy retry;
  private final Redactor redactor;
  private final Duration timeout;
  private final HttpClient http;
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong promptTokens = new AtomicLong();
  private final AtomicLong completionTokens = new AtomicLong();

  private OpenAiChatClient(Builder b) {
    this.endpoint = URI.create(b.baseUrl.replaceAll("/+$", "") + "/chat/completions");
    this.apiKey = b.apiKey;
    this.model = b.model;
    this.temperature = b.temperature;
    this.seed = b.seed;
    this.cacheDir = b.cacheDir;
    // The one retry rule and the one redaction rule of embedlab's HTTP clients (models.remote).
    this.retry = new RetryPolicy(b.maxRetries, Duration.ofSeconds(1), Duration.ofSeconds(60));
    this.redactor = b.apiKey == null ? Redactor.none() : Redactor.of(b.apiKey);
    this.timeout = b.timeout;
    this.http = HttpClient.newBuilder().connectTimeout(b.timeout).build();
  }

  /** A builder for {@code model} at {@code baseUrl} (e.g. {@code https://api.openai.com/v1}). */
  public static Builder builder(String baseUrl, String model) {
    return new Builder(baseUrl, model);
  }

  /** Options of {@link OpenAiChatClient}. */
  public static final class Builder {
    private final String baseUrl;
    private final String model;
    private String apiKey;
    private double temperature;
    private Long seed;
    private Path cacheDir;
    private int maxRetries = 4;
    private Duration timeout = Duration.ofSeconds(120);

    private Builder(String baseUrl, String model) {
      URI u;
      try {
        u = URI.create(baseUrl);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("baseUrl must be an http(s) URL; baseUrl=" + baseUrl, e);
      }
      if (u.getScheme() == null || !u.getScheme().matches("https?") || u.getHost() == null) {
        throw new IllegalArgumentException("baseUrl must be an http(s) URL with a host; baseUrl=" + baseUrl);
      }
      if (u.getUserInfo() != null) {
        throw new IllegalArgumentException("baseUrl must not carry credentials; pass the key with apiKey(...)");
      }
      if (model == null || model.isBlank()) {
        throw new IllegalArgumentException("model must not be blank");
      }
      this.baseUrl = baseUrl;
      this.model = model;
    }

    /** The API key (sent as {@code Authorization: Bearer}); null for servers that need none. */
    public Builder apiKey(String key) {
      if (key != null) {
        for (int i = 0; i < key.length(); i++) {
          char c = key.charAt(i);
          if (c < 0x21 || c > 0x7e) {
            throw new IllegalArgumentException("apiKey has a character outside printable ASCII at position " + i
                + "; an HTTP header cannot carry it");
          }
        }
      }
      this.apiKey = key;
      return this;
    }

    /** Sampling temperature in [0, 2]; 0 (the default) for the most repeatable answers. */
    public Builder temperature(double t) {
      if (!(t >= 0 && t <= 2)) {
        throw new IllegalArgumentException("temperature must be in [0, 2]; temperature=" + t);
      }
      this.temperature = t;
      return this;
    }

    /** The {@code seed} parameter (best-effort determinism on OpenAI's side), or null to omit it. */
    public Builder seed(Long s) {
      this.seed = s;
      return this;
    }

    /** A folder for the response cache (created when absent), or null for none. */
    public Builder cacheDir(Path dir) {
      this.cacheDir = dir;
      return this;
    }

    /** Retries of 429/5xx answers, {@code >= 0}. */
    public Builder maxRetries(int n) {
      this.maxRetries = Checks.atLeast("maxRetries", n, 0);
      return this;
    }

    /** Time allowed for one exchange. */
    public Builder timeout(Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("timeout must be positive; timeout=" + d);
      }
      this.timeout = d;
      return this;
    }

    public OpenAiChatClient build() {
      return new OpenAiChatClient(this);
    }
  }

  @Override
  public Usage usage() {
    return new Usage(calls.get(), hits.get(), promptTokens.get(), completionTokens.get());
  }

  /** USD spent by the calls made, at the given prices per million input and output tokens. */
  public double cost(double usdPerMillionInput, double usdPerMillionOutput) {
    return promptTokens.get() / 1e6 * usdPerMillionInput + completionTokens.get() / 1e6 * usdPerMillionOutput;
  }

  @Override
  public String model() {
    return model;
  }

  @Override
  public double temperature() {
    return temperature;
  }

  @Override
  public Answer chat(List<Message> messages, boolean json) {
    if (messages == null || messages.isEmpty()) {
      throw new IllegalArgumentException("messages must not be empty");
    }
    ObjectNode req = JSON.createObjectNode();
    req.put("model", model);
    ArrayNode arr = req.putArray("messages");
    for (Message m : messages) {
      arr.addObject().put("role", m.role()).put("content", m.content());
    }
    req.put("temperature", temperature);
    if (seed != null) {
      req.put("seed", seed);
    }
    if (json) {
      req.putObject("response_format").put("type", "json_object");
    }
    String body = req.toString();
    String key = sha256(body);
    if (cacheDir != null) {
      Path f = cacheDir.resolve(key.substring(0, 2)).resolve(key + ".json");
      if (Files.isRegularFile(f)) {
        try {
          JsonNode stored = JSON.readTree(f.toFile());
          if (stored != null && body.equals(stored.path("request").toString())) {
            hits.incrementAndGet();
            Answer a = parse(stored.path("response"), "cached answer " + f);
            return new Answer(a.content(), a.refusal(), a.finishReason(), a.promptTokens(), a.completionTokens(), true);
          }
        } catch (IOException | IllegalStateException e) {
          // a damaged cache entry is replaced by a fresh call below
        }
      }
    }
    JsonNode resp = send(body);
    calls.incrementAndGet();
    Answer a = parse(resp, "answer from " + endpoint);
    promptTokens.addAndGet(a.promptTokens());
    completionTokens.addAndGet(a.completionTokens());
    if (cacheDir != null) {
      store(key, req, resp);
    }
    return a;
  }

  private void store(String key, JsonNode req, JsonNode resp) {
    try {
      Path dir = cacheDir.resolve(key.substring(0, 2));
      Files.createDirectories(dir);
      ObjectNode entry = JSON.createObjectNode();
      entry.set("request", req);
      entry.set("response", resp);
      Path tmp = Files.createTempFile(dir, key, ".tmp");
      Files.writeString(tmp, entry.toPrettyString(), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      Files.move(tmp, dir.resolve(key + ".json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the chat cache under " + cacheDir, e);
    }
  }

  private JsonNode send(String body) {
    HttpRequest.Builder rb = HttpRequest.newBuilder(endpoint).timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (apiKey != null) {
      rb.header("Authorization", "Bearer " + apiKey);
    }
    HttpRequest request = rb.build();
    for (int attempt = 0; ; attempt++) {
      HttpResponse<String> r;
      try {
        r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        if (attempt < retry.maxRetries()) {
          sleep(retry.backoff(attempt).toMillis());
          continue;
        }
        throw new UncheckedIOException("chat request to " + endpoint + " failed: "
            + redactor.redactAndCut(String.valueOf(e.getMessage()), 2000), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + endpoint, e);
      }
      int status = r.statusCode();
      if (status == 200) {
        try {
          return JSON.readTree(r.body());
        } catch (IOException e) {
          throw new IllegalStateException("expected a JSON chat completion from " + endpoint + "; the body is not JSON: "
              + redactor.redactAndCut(r.body(), 2000), e);
        }
      }
      if ((status == 429 || status >= 500) && attempt < retry.maxRetries()) {
        sleep(retry.waitAfter(status, r.headers(), attempt, Clock.systemUTC()).toMillis());
        continue;
      }
      throw new IllegalStateException("chat request to " + endpoint + " failed with HTTP " + status
          + (status == 401 || status == 403 ? " (check the API key)" : status == 429 ? " (rate limited; retries exhausted)" : "")
          + ": " + redactor.redactAndCut(errorMessage(r.body()), 2000));
    }
  }

  private static String errorMessage(String body) {
    try {
      JsonNode n = JSON.readTree(body);
      JsonNode m = n.path("error").path("message");
      return m.isTextual() ? m.asText() : body;
    } catch (IOException e) {
      return body;
    }
  }

  private Answer parse(JsonNode resp, String what) {
    JsonNode choice = resp.path("choices").path(0);
    JsonNode msg = choice.path("message");
    if (!msg.isObject()) {
      throw new IllegalStateException(what + ": expected choices[0].message; found " + redactor.redactAndCut(resp.toString(), 2000));
    }
    JsonNode content = msg.get("content");
    JsonNode refusal = msg.get("refusal");
    String text = content == null || content.isNull() ? null : content.asText();
    String ref = refusal == null || refusal.isNull() ? null : refusal.asText();
    if (text == null && ref == null) {
      throw new IllegalStateException(what + ": choices[0].message has neither content nor refusal");
    }
    long in = resp.path("usage").path("prompt_tokens").asLong(0);
    long out = resp.path("usage").path("completion_tokens").asLong(0);
    if (in < 0 || out < 0) {
      throw new IllegalStateException(what + ": usage token counts must be >= 0; prompt_tokens=" + in
          + ", completion_tokens=" + out);
    }
    return new Answer(text, ref, choice.path("finish_reason").asText(""), in, out, false);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while backing off", e);
    }
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}

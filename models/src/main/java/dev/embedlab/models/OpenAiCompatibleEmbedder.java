package dev.embedlab.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedders;
import dev.embedlab.core.UsageReporting;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * An embedder behind an OpenAI-compatible HTTP API ({@code POST <baseUri>/embeddings} with
 * {@code {"model", "input": [...], "encoding_format": "float"}}): OpenAI itself and the local
 * servers that speak the same protocol (llama.cpp, vLLM, Ollama, text-embeddings-inference...).
 *
 * <p>Texts are sent in batches of {@link Builder#batchSize}; results are placed by the response's
 * {@code index}, so the server may answer in any order. HTTP 429 and 5xx answers, timeouts and I/O
 * errors are retried up to {@link Builder#maxRetries} times with exponential backoff
 * {@code min(maxBackoff, initialBackoff * 2^attempt)}, or the server's {@code Retry-After} seconds
 * when given (no jitter: runs are reproducible). Other 4xx answers fail at once with the status and
 * the start of the body (never the API key). Every vector's length is checked against
 * {@link #dimension()}, which is configured, never fetched. Usage counts the server's reported
 * {@code prompt_tokens}; {@link #estimatedCost(double)} turns them into money.
 *
 * <p>No call is made until {@link #embed} is called. Thread-safe; {@link #close()} is idempotent.
 */
public final class OpenAiCompatibleEmbedder implements Embedder, UsageReporting {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI endpoint;
  private final String model;
  private final String apiKey;
  private final int dimension;
  private final Integer requestDimensions;
  private final int batchSize;
  private final int maxRetries;
  private final Duration timeout;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final String queryPrefix;
  private final String documentPrefix;
  private final String id;
  private final HttpClient http;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final LongAdder texts = new LongAdder();
  private final LongAdder tokens = new LongAdder();
  private final LongAdder requests = new LongAdder();
  private final LongAdder retries = new LongAdder();

  private OpenAiCompatibleEmbedder(Builder b) {
    String base = b.baseUri.toString();
    this.endpoint = URI.create(base.endsWith("/") ? base + "embeddings" : base + "/embeddings");
    this.model = b.model;
    this.apiKey = b.apiKey;
    this.dimension = b.dimension;
    this.requestDimensions = b.requestDimensions ? b.dimension : null;
    this.batchSize = b.batchSize;
    this.maxRetries = b.maxRetries;
    this.timeout = b.timeout;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.queryPrefix = b.queryPrefix;
    this.documentPrefix = b.documentPrefix;
    this.id = b.id != null ? b.id : "openai-compatible:" + b.model;
    this.http = HttpClient.newBuilder().connectTimeout(b.timeout).build();
  }

  /**
   * A builder for {@code model} at {@code baseUri} (e.g. {@code https://api.openai.com/v1} or
   * {@code http://127.0.0.1:8080/v1}) returning vectors of {@code dimension}.
   */
  public static Builder builder(URI baseUri, String model, int dimension) {
    return new Builder(baseUri, model, dimension);
  }

  @Override
  public float[][] embed(List<String> input, Role role) {
    Embedders.checkTexts(input, role);
    if (closed.get()) {
      throw new IllegalStateException(id + " is closed");
    }
    String prefix = role == Role.QUERY ? queryPrefix : documentPrefix;
    float[][] out = new float[input.size()][];
    for (int from = 0; from < input.size(); from += batchSize) {
      int to = Math.min(input.size(), from + batchSize);
      ObjectNode body = JSON.createObjectNode();
      body.put("model", model);
      ArrayNode arr = body.putArray("input");
      for (int i = from; i < to; i++) {
        arr.add(prefix + input.get(i));
      }
      body.put("encoding_format", "float");
      if (requestDimensions != null) {
        body.put("dimensions", requestDimensions);
      }
      JsonNode resp = post(body.toString(), to - from);
      JsonNode data = resp.path("data");
      if (!data.isArray() || data.size() != to - from) {
        throw new IllegalStateException(id + ": expected " + (to - from) + " embeddings in 'data', found "
            + (data.isArray() ? data.size() : "none"));
      }
      for (JsonNode item : data) {
        int idx = item.path("index").asInt(-1);
        JsonNode emb = item.path("embedding");
        if (idx < 0 || idx >= to - from || out[from + idx] != null) {
          throw new IllegalStateException(id + ": bad or duplicate index " + idx + " in response");
        }
        if (!emb.isArray() || emb.size() != dimension) {
          throw new IllegalStateException(id + ": expected embedding of length " + dimension
              + ", found " + (emb.isArray() ? emb.size() : "none") + " at index " + idx);
        }
        float[] v = new float[dimension];
        for (int j = 0; j < dimension; j++) {
          v[j] = (float) emb.get(j).asDouble();
        }
        out[from + idx] = v;
      }
      tokens.add(resp.path("usage").path("prompt_tokens").asLong(0));
      texts.add(to - from);
    }
    return out;
  }

  private JsonNode post(String body, int count) {
    String lastProblem = "";
    for (int attempt = 0; attempt <= maxRetries; attempt++) {
      HttpRequest.Builder rb = HttpRequest.newBuilder(endpoint).timeout(timeout)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body));
      if (apiKey != null) {
        rb.header("Authorization", "Bearer " + apiKey);
      }
      Duration wait;
      try {
        requests.increment();
        HttpResponse<String> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
        int s = r.statusCode();
        if (s / 100 == 2) {
          return JSON.readTree(r.body());
        }
        lastProblem = "HTTP " + s + ": " + abbreviate(r.body());
        if (s != 429 && s / 100 != 5) {
          throw new IllegalStateException(id + ": " + endpoint + " rejected a batch of " + count
              + " texts with " + lastProblem);
        }
        wait = retryAfter(r.headers().firstValue("Retry-After")).orElse(backoff(attempt));
      } catch (HttpTimeoutException e) {
        lastProblem = "timeout after " + timeout.toMillis() + " ms";
        wait = backoff(attempt);
      } catch (IOException e) {
        lastProblem = e.toString();
        wait = backoff(attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(id + ": interrupted", e);
      }
      if (attempt < maxRetries) {
        retries.increment();
        sleep(wait);
      }
    }
    throw new IllegalStateException(id + ": " + endpoint + " failed after " + (maxRetries + 1)
        + " attempts; last: " + lastProblem);
  }

  private Duration backoff(int attempt) {
    long ms = initialBackoff.toMillis() << Math.min(attempt, 30);
    return Duration.ofMillis(Math.min(maxBackoff.toMillis(), ms < 0 ? Long.MAX_VALUE : ms));
  }

  private Optional<Duration> retryAfter(Optional<String> header) {
    try {
      return header.map(h -> Duration.ofSeconds(Long.parseLong(h.trim())))
          .map(d -> d.compareTo(maxBackoff) > 0 ? maxBackoff : d);
    } catch (NumberFormatException e) {
      return Optional.empty(); // HTTP-date form: fall back to our backoff
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while backing off", e);
    }
  }

  private static String abbreviate(String s) {
    String t = s == null ? "" : s.replaceAll("\\s+", " ");
    return t.length() > 200 ? t.substring(0, 200) + "..." : t;
  }

  /** Cost of the tokens used so far at {@code pricePerMillionTokens} (e.g. 0.02 USD). */
  public double estimatedCost(double pricePerMillionTokens) {
    if (!(pricePerMillionTokens >= 0)) {
      throw new IllegalArgumentException("pricePerMillionTokens must be >= 0; pricePerMillionTokens="
          + pricePerMillionTokens);
    }
    return tokens.sum() / 1e6 * pricePerMillionTokens;
  }

  /** HTTP requests sent, retries included. */
  public long requests() {
    return requests.sum();
  }

  /** Requests that were retried. */
  public long retries() {
    return retries.sum();
  }

  @Override
  public Usage usage() {
    return new Usage(texts.sum(), tokens.sum(), 0, requests.sum() - retries.sum());
  }

  @Override
  public void resetUsage() {
    texts.reset();
    tokens.reset();
    requests.reset();
    retries.reset();
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public void close() {
    closed.set(true);
  }

  /** Options for an {@link OpenAiCompatibleEmbedder}. */
  public static final class Builder {
    private final URI baseUri;
    private final String model;
    private final int dimension;
    private String apiKey;
    private boolean requestDimensions;
    private int batchSize = 96;
    private int maxRetries = 5;
    private Duration timeout = Duration.ofSeconds(60);
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private String queryPrefix = "";
    private String documentPrefix = "";
    private String id;

    private Builder(URI baseUri, String model, int dimension) {
      if (baseUri == null || baseUri.getScheme() == null
          || !(baseUri.getScheme().equals("http") || baseUri.getScheme().equals("https"))) {
        throw new IllegalArgumentException("baseUri must be an http(s) URI; baseUri=" + baseUri);
      }
      if (model == null || model.isBlank()) {
        throw new IllegalArgumentException("model must not be blank; model=" + model);
      }
      if (dimension < 1) {
        throw new IllegalArgumentException("dimension must be >= 1; dimension=" + dimension);
      }
      this.baseUri = baseUri;
      this.model = model;
      this.dimension = dimension;
    }

    /** Bearer token sent as {@code Authorization}; none by default (local servers). */
    public Builder apiKey(String key) {
      this.apiKey = key;
      return this;
    }

    /** Ask the server for {@code dimensions = dimension} (OpenAI text-embedding-3 Matryoshka). */
    public Builder requestDimensions(boolean b) {
      this.requestDimensions = b;
      return this;
    }

    /** Texts per request; 1..2048 (OpenAI's limit). */
    public Builder batchSize(int n) {
      if (n < 1 || n > 2048) {
        throw new IllegalArgumentException("batchSize must be in [1, 2048]; batchSize=" + n);
      }
      this.batchSize = n;
      return this;
    }

    /** Retries after the first attempt; >= 0. */
    public Builder maxRetries(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("maxRetries must be >= 0; maxRetries=" + n);
      }
      this.maxRetries = n;
      return this;
    }

    /** Per-request timeout (also the connect timeout). */
    public Builder timeout(Duration d) {
      this.timeout = positive("timeout", d);
      return this;
    }

    /** First backoff; doubles per retry up to {@code maxBackoff}. */
    public Builder backoff(Duration initial, Duration max) {
      this.initialBackoff = positive("initialBackoff", initial);
      this.maxBackoff = positive("maxBackoff", max);
      return this;
    }

    /** Prefix/instruction prepended to queries. */
    public Builder queryPrefix(String p) {
      this.queryPrefix = p == null ? "" : p;
      return this;
    }

    /** Prefix prepended to documents. */
    public Builder documentPrefix(String p) {
      this.documentPrefix = p == null ? "" : p;
      return this;
    }

    /** The embedder id (default {@code openai-compatible:<model>}). */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /** Creates the embedder; makes no network call. */
    public OpenAiCompatibleEmbedder build() {
      return new OpenAiCompatibleEmbedder(this);
    }

    private static Duration positive(String name, Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be > 0; " + name + "=" + d);
      }
      return d;
    }
  }
}

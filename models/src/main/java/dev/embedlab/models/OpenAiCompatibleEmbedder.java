package dev.embedlab.models;

import dev.embedlab.core.Checks;
import dev.embedlab.core.CostReporting;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.Fingerprinted;
import dev.embedlab.core.UsageReporting;
import dev.embedlab.core.retrieval.Provenance;
import dev.embedlab.core.retrieval.ProvenanceSource;
import dev.embedlab.models.remote.OpenAiProtocol;
import dev.embedlab.models.remote.Redactor;
import dev.embedlab.models.remote.RemoteEmbedder;
import dev.embedlab.models.remote.RetryPolicy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An embedder behind an OpenAI-compatible HTTP API ({@code POST <baseUri>/embeddings} with
 * {@code {"model", "input": [...], "encoding_format": "float"}}): OpenAI itself and the local
 * servers that speak the same protocol (llama.cpp, vLLM, Ollama, text-embeddings-inference...).
 *
 * <p>A thin, stable front over {@link RemoteEmbedder} with {@link OpenAiProtocol}: batching, retries
 * ({@code Retry-After} per RFC 9110, capped), bounded bodies, the whole-exchange timeout, Jackson
 * stream limits, vector validation and the one redaction rule ({@link Redactor}) all live there and
 * are shared with the {@code openai:}, {@code azure:}, {@code gemini:}, {@code cohere:} and
 * {@code voyage:} sources. Usage counts the server's reported {@code prompt_tokens};
 * {@link #estimatedCost(double)} turns them into money.
 *
 * <p>No call is made until {@link #embed} is called. Thread-safe; {@link #close()} is idempotent.
 */
public final class OpenAiCompatibleEmbedder implements Embedder, UsageReporting, CostReporting, Fingerprinted,
    ProvenanceSource {
  /** Bytes allowed per vector component in a success body (see {@link RemoteEmbedder}). */
  static final int BYTES_PER_COMPONENT = RemoteEmbedder.BYTES_PER_COMPONENT;
  /** Fixed slack on top of the per-component budget. */
  static final int BODY_SLACK_BYTES = RemoteEmbedder.BODY_SLACK_BYTES;

  private final RemoteEmbedder remote;
  private final URI base;
  private final String model;
  private final boolean requestDimensions;
  private final String queryPrefix;
  private final String documentPrefix;

  private OpenAiCompatibleEmbedder(Builder b) {
    OpenAiProtocol protocol = OpenAiProtocol.compatible("openai-compatible", b.baseUri, b.model,
        b.requestDimensions ? b.dimension : null);
    RemoteEmbedder.Builder rb = RemoteEmbedder.builder(protocol, b.dimension).apiKey(b.apiKey)
        .retry(new RetryPolicy(b.maxRetries, b.initialBackoff, b.maxBackoff)).timeout(b.timeout)
        .queryPrefix(b.queryPrefix()).documentPrefix(b.documentPrefix())
        .id(b.id != null ? b.id : "openai-compatible:" + b.model).clock(b.clock).batchSize(b.batchSize);
    this.remote = rb.build();
    this.base = b.baseUri;
    this.model = b.model;
    this.requestDimensions = b.requestDimensions;
    this.queryPrefix = b.queryPrefix();
    this.documentPrefix = b.documentPrefix();
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
    return remote.embed(input, role);
  }

  /** Replaces the API key (in every encoding), bearer tokens, key-looking strings and URI user-info by [REDACTED]. */
  String redact(String s) {
    return remote.redact(s);
  }

  /** The generic redaction patterns alone (no configured key). */
  static String redactSecrets(String s) {
    return Redactor.none().redact(s);
  }

  /** See {@link RetryPolicy#retryAfter}. */
  static Optional<Duration> retryAfter(String header, Clock clock) {
    return RetryPolicy.retryAfter(header, clock);
  }

  /** Cost of the tokens used so far at {@code pricePerMillionTokens} (e.g. 0.02 USD). */
  public double estimatedCost(double pricePerMillionTokens) {
    if (!(pricePerMillionTokens >= 0)) {
      throw new IllegalArgumentException("pricePerMillionTokens must be >= 0; pricePerMillionTokens="
          + pricePerMillionTokens);
    }
    return remote.usage().tokens() / 1e6 * pricePerMillionTokens;
  }

  /** HTTP requests sent, retries included. */
  public long requests() {
    return remote.requests();
  }

  /** Requests that were retried. */
  public long retries() {
    return remote.retries();
  }

  /** The last {@code x-ratelimit-*} headers the server sent. */
  public Map<String, String> rateLimits() {
    return remote.rateLimits();
  }

  @Override
  public Usage usage() {
    return remote.usage();
  }

  @Override
  public void resetUsage() {
    remote.resetUsage();
  }

  @Override
  public Cost cost() {
    return remote.cost();
  }

  @Override
  public int dimension() {
    return remote.dimension();
  }

  /**
   * Endpoint (without credentials), model name, dimension and prefixes: everything on this side
   * that determines the vectors (format unchanged since the first release, so caches stay valid).
   */
  @Override
  public String fingerprint() {
    return "openai-compatible/v1;endpoint=" + safeEndpoint() + ";model=" + model + ";dim=" + dimension()
        + ";requestDimensions=" + requestDimensions + ";queryPrefix=" + queryPrefix
        + ";documentPrefix=" + documentPrefix;
  }

  private String safeEndpoint() {
    return remote.redact(remote.protocol().endpoint().toString());
  }

  @Override
  public Provenance provenance() {
    return Provenance.of("openai-compatible-embedder", Map.of(
        "endpoint", safeEndpoint(), "model", model, "dimension", dimension(), "id", id()));
  }

  @Override
  public String id() {
    return remote.id();
  }

  @Override
  public void close() {
    remote.close();
  }

  /** Options for an {@link OpenAiCompatibleEmbedder}. */
  public static final class Builder extends PrefixedBuilder<Builder> {
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
    private String id;
    private Clock clock = Clock.systemUTC();

    private Builder(URI baseUri, String model, int dimension) {
      super("", "");
      OpenAiProtocol.compatible("openai-compatible", baseUri, model, null); // validates base URI and model
      Checks.atLeast("dimension", dimension, 1);
      this.baseUri = baseUri;
      this.model = model;
      this.dimension = dimension;
    }

    /**
     * Bearer token sent as {@code Authorization}; none by default (local servers). Refused (naming
     * the position, never the key) when it holds a control or non-ASCII character.
     */
    public Builder apiKey(String key) {
      RemoteEmbedder.builder(OpenAiProtocol.compatible("openai-compatible", baseUri, model, null), 1).apiKey(key);
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
      if (n < 1 || n > OpenAiProtocol.MAX_BATCH) {
        throw new IllegalArgumentException("batchSize must be in [1, " + OpenAiProtocol.MAX_BATCH + "]; batchSize=" + n);
      }
      this.batchSize = n;
      return this;
    }

    /** Retries after the first attempt; >= 0. */
    public Builder maxRetries(int n) {
      new RetryPolicy(n, initialBackoff, maxBackoff);
      this.maxRetries = n;
      return this;
    }

    /** Per-request timeout (also the connect timeout). */
    public Builder timeout(Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("timeout must be > 0; timeout=" + d);
      }
      this.timeout = d;
      return this;
    }

    /** First backoff; doubles per retry up to {@code maxBackoff}. */
    public Builder backoff(Duration initial, Duration max) {
      new RetryPolicy(maxRetries, initial, max);
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /** The embedder id (default {@code openai-compatible:<model>}). */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /** The clock that HTTP-date {@code Retry-After} values are measured against (tests). */
    Builder clock(Clock c) {
      this.clock = c;
      return this;
    }

    /** Creates the embedder; makes no network call. */
    public OpenAiCompatibleEmbedder build() {
      return new OpenAiCompatibleEmbedder(this);
    }
  }
}

package dev.embedlab.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedders;
import dev.embedlab.core.UsageReporting;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An embedder behind an OpenAI-compatible HTTP API ({@code POST <baseUri>/embeddings} with
 * {@code {"model", "input": [...], "encoding_format": "float"}}): OpenAI itself and the local
 * servers that speak the same protocol (llama.cpp, vLLM, Ollama, text-embeddings-inference...).
 *
 * <p>Texts are sent in batches of {@link Builder#batchSize}; results are placed by the response's
 * {@code index}, so the server may answer in any order. HTTP 429 and 5xx answers, timeouts and I/O
 * errors are retried up to {@link Builder#maxRetries} times with exponential backoff
 * {@code min(maxBackoff, initialBackoff * 2^attempt)}, or the server's {@code Retry-After} when it
 * is valid per RFC 9110 §10.2.3 (delay-seconds or an HTTP-date; negative, non-numeric and
 * unparseable values are ignored in favour of the backoff; every wait is capped at
 * {@code maxBackoff}). No jitter: runs are reproducible. Other 4xx answers fail at once with the
 * status and the start of the body.
 *
 * <p>Hostile or broken servers cannot hand back garbage or hang the caller:
 * <ul>
 *   <li>every component must be a JSON number that is finite as a {@code float} (strings, nulls,
 *       {@code "NaN"} and out-of-range integers fail, naming the text index, component and value);
 *       every vector's length is checked against {@link #dimension()}, which is configured, never
 *       fetched;
 *   <li>the response body is bounded: a success body may hold at most
 *       {@code count * dimension * 48 + 1 MiB} bytes (48 bytes covers a float printed at full
 *       precision with separators and indentation), an error body is read up to 64 KiB; a larger
 *       body fails at once without being buffered;
 *   <li>{@link Builder#timeout} bounds each whole exchange, body included, not only the wait for
 *       headers: a body that trickles in is abandoned at the deadline and counts as a timeout;
 *   <li>secrets never reach a message or a log: the API key, {@code Bearer} tokens, key-looking
 *       strings ({@code sk-...}) and URI user-info are replaced by {@code [REDACTED]} in every
 *       exception, including text a server echoes back. A base URI that carries user-info is
 *       refused (Java's HTTP client would not send it anyway); redirects are never followed, so
 *       the key only goes to the configured host.
 * </ul>
 * Usage counts the server's reported {@code prompt_tokens}; {@link #estimatedCost(double)} turns
 * them into money.
 *
 * <p>No call is made until {@link #embed} is called. Thread-safe; {@link #close()} is idempotent.
 */
public final class OpenAiCompatibleEmbedder implements Embedder, UsageReporting,
    dev.embedlab.core.Fingerprinted, dev.embedlab.core.retrieval.ProvenanceSource {

  private static final ObjectMapper JSON = JsonMapper.builder()
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();
  /** Bytes allowed per vector component in a success body (see the class doc). */
  static final int BYTES_PER_COMPONENT = 48;
  /** Fixed slack on top of the per-component budget: envelope, usage, whitespace. */
  static final int BODY_SLACK_BYTES = 1 << 20;
  /** How much of an error body is kept for the message. */
  static final int ERROR_BODY_BYTES = 64 << 10;
  private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[^\\s\"',;]+");
  private static final Pattern KEY_LIKE = Pattern.compile("\\b(?:sk|pk|rk)-[A-Za-z0-9_\\-*]{6,}");
  private static final Pattern KEY_FIELD = Pattern.compile(
      "(?i)((?:api[_-]?key|[a-z_-]*token|secret|password|authorization)[\"']?\\s*[:=]\\s*[\"']?)"
      + "[^\\s\"',;&}]+");
  private static final Pattern USER_INFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)[^/@\\s]+@");

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
  private final Clock clock;
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
    this.http = HttpClient.newBuilder().connectTimeout(b.timeout)
        .followRedirects(HttpClient.Redirect.NEVER).build();
    this.clock = b.clock;
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
        JsonNode index = item.path("index");
        int idx = index.isIntegralNumber() && index.canConvertToInt() ? index.asInt() : -1;
        JsonNode emb = item.path("embedding");
        if (idx < 0 || idx >= to - from || out[from + idx] != null) {
          throw new IllegalStateException(id + ": bad or duplicate index " + snippet(index)
              + " in response; expected each of 0.." + (to - from - 1) + " once");
        }
        if (!emb.isArray() || emb.size() != dimension) {
          throw new IllegalStateException(id + ": expected embedding of length " + dimension
              + ", found " + (emb.isArray() ? emb.size() : "none") + " at index " + idx);
        }
        float[] v = new float[dimension];
        for (int j = 0; j < dimension; j++) {
          JsonNode c = emb.get(j);
          float f = c.isNumber() ? (float) c.asDouble() : Float.NaN;
          if (!Float.isFinite(f)) {
            throw new IllegalStateException(id + ": embedding of text " + (from + idx) + " (index " + idx
                + " in its batch) has component " + j + " = " + snippet(c)
                + "; expected a finite JSON number within float range");
          }
          v[j] = f;
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
    long successLimit = (long) count * dimension * BYTES_PER_COMPONENT + BODY_SLACK_BYTES;
    for (int attempt = 0; attempt <= maxRetries; attempt++) {
      HttpRequest.Builder rb = HttpRequest.newBuilder(endpoint).timeout(timeout)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body));
      if (apiKey != null) {
        rb.header("Authorization", "Bearer " + apiKey);
      }
      Duration wait;
      requests.increment();
      CompletableFuture<HttpResponse<byte[]>> call = http.sendAsync(rb.build(),
          info -> info.statusCode() / 100 == 2
              ? new BoundedBody(successLimit, true) : new BoundedBody(ERROR_BODY_BYTES, false));
      try {
        // The request timeout only covers the wait for headers; this bounds the body too.
        HttpResponse<byte[]> r = call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        int s = r.statusCode();
        String text = new String(r.body(), StandardCharsets.UTF_8);
        if (s / 100 == 2) {
          return parse(text);
        }
        lastProblem = "HTTP " + s + ": " + abbreviate(redact(text));
        if (s != 429 && s / 100 != 5) {
          throw new IllegalStateException(id + ": " + safeEndpoint() + " rejected a batch of " + count
              + " texts with " + lastProblem);
        }
        wait = r.headers().firstValue("Retry-After")
            .flatMap(h -> retryAfter(h, clock)).map(this::capped).orElse(backoff(attempt));
      } catch (TimeoutException e) {
        call.cancel(true);
        lastProblem = "no complete response within the timeout of " + timeout.toMillis() + " ms";
        wait = backoff(attempt);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof BodyTooLargeException) {
          throw new IllegalStateException(id + ": " + safeEndpoint() + " answered a batch of " + count
              + " texts with a body over " + successLimit + " bytes (" + count + " x " + dimension
              + " components at most " + BYTES_PER_COMPONENT + " bytes each + 1 MiB); not retried");
        }
        lastProblem = cause instanceof HttpTimeoutException
            ? "timeout after " + timeout.toMillis() + " ms"
            : redact(String.valueOf(cause));
        wait = backoff(attempt);
      } catch (CancellationException e) {
        lastProblem = "request cancelled";
        wait = backoff(attempt);
      } catch (InterruptedException e) {
        call.cancel(true);
        Thread.currentThread().interrupt();
        throw new IllegalStateException(id + ": interrupted", e);
      }
      if (attempt < maxRetries) {
        retries.increment();
        sleep(wait);
      }
    }
    throw new IllegalStateException(id + ": " + safeEndpoint() + " failed after " + (maxRetries + 1)
        + " attempts; last: " + lastProblem);
  }

  private JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(id + ": " + safeEndpoint() + " answered with malformed JSON ("
          + redact(e.getOriginalMessage()) + " at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + "): " + abbreviate(redact(text)));
    }
  }

  private String safeEndpoint() {
    return redact(endpoint.toString());
  }

  /** Replaces the API key, bearer tokens, key-looking strings and URI user-info by [REDACTED]. */
  String redact(String s) {
    if (s == null) {
      return "";
    }
    String t = s;
    if (apiKey != null && !apiKey.isEmpty()) {
      t = t.replace(apiKey, "[REDACTED]");
    }
    return redactSecrets(t);
  }

  static String redactSecrets(String s) {
    String t = USER_INFO.matcher(s).replaceAll("$1[REDACTED]@");
    t = BEARER.matcher(t).replaceAll("$1[REDACTED]");
    t = KEY_FIELD.matcher(t).replaceAll(m -> Matcher.quoteReplacement(m.group(1)) + "[REDACTED]");
    return KEY_LIKE.matcher(t).replaceAll("[REDACTED]");
  }

  private static String snippet(JsonNode n) {
    String t = n.isMissingNode() ? "missing" : n.toString();
    return t.length() > 40 ? t.substring(0, 40) + "..." : t;
  }

  private Duration backoff(int attempt) {
    long ms = initialBackoff.toMillis() << Math.min(attempt, 30);
    return Duration.ofMillis(Math.min(maxBackoff.toMillis(), ms < 0 ? Long.MAX_VALUE : ms));
  }

  private Duration capped(Duration d) {
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }

  private static final Pattern DELAY_SECONDS = Pattern.compile("[0-9]+");
  private static final DateTimeFormatter RFC_850 =
      DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss zzz", Locale.US);
  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(java.time.ZoneOffset.UTC);

  /**
   * The wait a {@code Retry-After} value asks for, per RFC 9110 §10.2.3: {@code delay-seconds}
   * (digits only) or an HTTP-date (IMF-fixdate, or the obsolete RFC 850 and asctime forms), a date
   * in the past meaning zero. Anything else — a sign, a fraction, words — is empty, so the caller
   * falls back to its own backoff. Digits too many for a {@code long} mean "very long".
   */
  static Optional<Duration> retryAfter(String header, Clock clock) {
    String h = header.trim();
    if (DELAY_SECONDS.matcher(h).matches()) {
      return Optional.of(h.length() > 18 ? Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L)
          : Duration.ofSeconds(Long.parseLong(h)));
    }
    for (DateTimeFormatter f : new DateTimeFormatter[] {DateTimeFormatter.RFC_1123_DATE_TIME, RFC_850, ASCTIME}) {
      try {
        Duration d = Duration.between(clock.instant(), ZonedDateTime.parse(h, f).toInstant());
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException e) {
        // try the next form
      }
    }
    return Optional.empty();
  }

  /** Thrown inside the body subscriber when a success body exceeds its budget. */
  private static final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException(long limit) {
      super("response body exceeds " + limit + " bytes");
    }
  }

  /**
   * Collects at most {@code limit} bytes. Past the limit it cancels the exchange and either fails
   * ({@code failOnOverflow}: a success body that cannot be valid) or completes with what it has
   * (an error body, kept only for its message).
   */
  private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final long limit;
    private final boolean failOnOverflow;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    BoundedBody(long limit, boolean failOnOverflow) {
      this.limit = limit;
      this.failOnOverflow = failOnOverflow;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer b : items) {
        int n = b.remaining();
        long room = limit - buf.size();
        if (n > room) {
          byte[] part = new byte[(int) room];
          b.get(part);
          buf.write(part, 0, part.length);
          subscription.cancel();
          if (failOnOverflow) {
            result.completeExceptionally(new BodyTooLargeException(limit));
          } else {
            result.complete(buf.toByteArray());
          }
          return;
        }
        byte[] a = new byte[n];
        b.get(a);
        buf.write(a, 0, n);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(buf.toByteArray());
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

  /**
   * Endpoint (without credentials), model name, dimension and prefixes: everything on this side
   * that determines the vectors. The server can change its model under the same name; that is
   * outside what a client can know.
   */
  @Override
  public String fingerprint() {
    return "openai-compatible/v1;endpoint=" + safeEndpoint() + ";model=" + model + ";dim=" + dimension
        + ";requestDimensions=" + (requestDimensions != null) + ";queryPrefix=" + queryPrefix
        + ";documentPrefix=" + documentPrefix;
  }

  @Override
  public dev.embedlab.core.retrieval.Provenance provenance() {
    return dev.embedlab.core.retrieval.Provenance.of("openai-compatible-embedder", java.util.Map.of(
        "endpoint", safeEndpoint(), "model", model, "dimension", dimension, "id", id));
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
    private Clock clock = Clock.systemUTC();

    private Builder(URI baseUri, String model, int dimension) {
      if (baseUri == null || baseUri.getScheme() == null
          || !(baseUri.getScheme().equals("http") || baseUri.getScheme().equals("https"))) {
        throw new IllegalArgumentException("baseUri must be an http(s) URI; baseUri="
            + (baseUri == null ? null : redactSecrets(baseUri.toString())));
      }
      if (baseUri.getRawUserInfo() != null) {
        throw new IllegalArgumentException("baseUri must not carry user-info (credentials are not sent "
            + "from a URI; pass the key with apiKey(...)); baseUri=" + redactSecrets(baseUri.toString()));
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
      if (key != null && key.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw new IllegalArgumentException("apiKey must not contain control characters (CR, LF, ...)");
      }
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

    /** The clock that HTTP-date {@code Retry-After} values are measured against (tests). */
    Builder clock(Clock c) {
      this.clock = c;
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

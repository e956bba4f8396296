package dev.embedlab.models.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embedlab.core.AdaptedModelEmbedder;
import dev.embedlab.core.Checks;
import dev.embedlab.core.CostReporting;
import dev.embedlab.core.retrieval.Provenance;
import dev.embedlab.models.PrefixedBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * An embedder behind a hosted API, speaking one provider's {@link Protocol} (OpenAI, Azure OpenAI,
 * Gemini, Cohere, Voyage, or an OpenAI-compatible local server) over the shared {@link RemoteHttp}
 * core: batches of at most the provider's limit, retries per {@link RetryPolicy}, bounded bodies,
 * Jackson stream limits, and the one {@link Redactor} for every message.
 *
 * <p>Every vector is checked before any is returned: one per text, of length {@link #dimension()},
 * every component a JSON number finite as a {@code float}; a failure names the text's index in the
 * caller's list (and its position in the batch). Token counts come from the provider's usage fields;
 * a negative or fractional count refuses the response and leaves the counters as they were. A
 * provider that reports no tokens (Gemini) is counted, for {@link #cost()} only, at one token per
 * four characters, and {@link CostReporting.Cost#tokensMeasured()} is false; {@link #usage()} counts
 * reported tokens only.
 *
 * <p>No call is made until {@link #embed} is called. Thread-safe; {@link #close()} is idempotent.
 */
public final class RemoteEmbedder extends AdaptedModelEmbedder implements CostReporting {
  /** Bytes allowed per vector component in a success body: a float at full precision with separators and indentation. */
  public static final int BYTES_PER_COMPONENT = 48;
  /** Fixed slack on top of the per-component budget: envelope, usage, whitespace. */
  public static final int BODY_SLACK_BYTES = 1 << 20;

  private final Protocol protocol;
  private final int batchSize;
  private final String apiKey;
  private final PriceTable.Price price;
  private final Redactor redactor;
  private final RemoteHttp http;
  /** Tokens estimated for a provider that reports none (cost only; never in {@link #usage()}). */
  private final LongAdder estimatedTokens = new LongAdder();

  private RemoteEmbedder(Builder b) {
    super(b.id != null ? b.id : b.protocol.provider() + ":" + b.protocol.model(), b.dimension, b.queryPrefix(),
        b.documentPrefix(), fingerprint(b.protocol, Redactor.of(b.apiKey), b.dimension, b.queryPrefix(),
            b.documentPrefix()));
    this.protocol = b.protocol;
    this.batchSize = b.batchSize > 0 ? b.batchSize : Math.min(b.protocol.defaultBatch(), b.protocol.maxBatch());
    this.apiKey = b.apiKey;
    this.price = b.price;
    this.redactor = Redactor.of(b.apiKey);
    this.http = new RemoteHttp(id(), redactor, b.timeout, b.retry, b.clock);
  }

  /** A builder for vectors of {@code dimension} from {@code protocol}. */
  public static Builder builder(Protocol protocol, int dimension) {
    return new Builder(protocol, dimension);
  }

  @Override
  public float[][] embed(List<String> input, Role role) {
    startCall(input, role);
    String prefix = prefix(role);
    int dimension = dimension();
    float[][] out = new float[input.size()][];
    for (int from = 0; from < input.size(); from += batchSize) {
      int to = Math.min(input.size(), from + batchSize);
      List<String> batch = new ArrayList<>(to - from);
      long chars = 0;
      for (int i = from; i < to; i++) {
        String t = prefix + input.get(i);
        batch.add(t);
        chars += t.length();
      }
      int count = to - from;
      JsonNode resp = http.post(protocol.endpoint(), protocol.authHeaders(apiKey), protocol.body(batch, role),
          count, (long) count * dimension * BYTES_PER_COMPONENT + BODY_SLACK_BYTES);
      Protocol.Batch parsed;
      try {
        parsed = protocol.read(resp, count);
      } catch (IllegalStateException e) {
        throw new IllegalStateException(id() + ": " + redactor.redact(e.getMessage()), e);
      }
      for (int p = 0; p < count; p++) {
        out[from + p] = vector(parsed.vectors()[p], from, p, count);
      }
      // Counted only once the whole batch is valid, so a refused answer never moves a counter.
      if (parsed.tokens().isEmpty()) {
        estimatedTokens.add((chars + 3) / 4);
      }
      finishCall(count, parsed.tokens().orElse(0));
    }
    return out;
  }

  private float[] vector(JsonNode emb, int from, int pos, int count) {
    int dimension = dimension();
    String id = id();
    String which = "embedding of text " + (from + pos) + " (position " + pos + " in its batch of " + count + ")";
    if (emb == null || !emb.isArray() || emb.size() != dimension) {
      throw new IllegalStateException(id + ": " + which + " has length "
          + (emb != null && emb.isArray() ? emb.size() : "none (not an array)") + "; expected " + dimension);
    }
    float[] v = new float[dimension];
    for (int j = 0; j < dimension; j++) {
      JsonNode c = emb.get(j);
      float f = c.isNumber() ? (float) c.asDouble() : Float.NaN;
      if (!Float.isFinite(f)) {
        throw new IllegalStateException(id + ": " + which + " has component " + j + " = " + Responses.snippet(c)
            + "; expected a finite JSON number within float range");
      }
      v[j] = f;
    }
    return v;
  }

  /** The protocol this embedder speaks. */
  public Protocol protocol() {
    return protocol;
  }

  /** HTTP requests sent, retries included. */
  public long requests() {
    return http.requests.sum();
  }

  /** Requests that were retried. */
  public long retries() {
    return http.retries.sum();
  }

  /** The last {@code x-ratelimit-*} headers the provider sent (names lower-cased); empty before the first call. */
  public Map<String, String> rateLimits() {
    return http.rateLimits();
  }

  /** {@code s} with every form of this embedder's key and the generic secret patterns removed. */
  public String redact(String s) {
    return redactor.redact(s);
  }

  /**
   * Zeroes {@link #usage()} (texts, the tokens the provider reported, successful requests; an
   * estimate never enters it, see {@link #cost()}), the estimated tokens and the request counters.
   */
  @Override
  public void resetUsage() {
    super.resetUsage();
    estimatedTokens.reset();
    http.requests.reset();
    http.retries.reset();
  }

  @Override
  public Cost cost() {
    long measured = usage().tokens();
    long estimated = estimatedTokens.sum();
    return price == null
        ? new Cost(measured + estimated, estimated == 0, Double.NaN, "", "")
        : new Cost(measured + estimated, estimated == 0, price.usdPerMillionTokens(), price.date(), price.source());
  }

  /**
   * The {@link #fingerprint()}: provider, endpoint (without credentials), model, dimension, request
   * options and prefixes: everything on this side that determines the vectors. A provider can change
   * its model under the same name; that is outside what a client can know.
   */
  private static String fingerprint(Protocol protocol, Redactor redactor, int dimension, String queryPrefix,
      String documentPrefix) {
    return "remote/v1;provider=" + protocol.provider() + ";endpoint=" + redactor.redact(protocol.endpoint().toString())
        + ";model=" + protocol.model() + ";dim=" + dimension + ";options=" + new TreeMap<>(protocol.options())
        + ";queryPrefix=" + queryPrefix + ";documentPrefix=" + documentPrefix;
  }

  @Override
  public Provenance provenance() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("provider", protocol.provider());
    p.put("endpoint", redactor.redact(protocol.endpoint().toString()));
    p.put("model", protocol.model());
    p.put("dimension", dimension());
    p.put("id", id());
    protocol.options().forEach((k, v) -> p.put("option." + k, v));
    if (price != null) {
      p.put("usdPerMillionTokens", price.usdPerMillionTokens());
      p.put("priceDate", price.date());
    }
    return Provenance.of("remote-embedder", p);
  }

  @Override
  public void close() {
    markClosed();
  }

  /** Options for a {@link RemoteEmbedder}. */
  public static final class Builder extends PrefixedBuilder<Builder> {
    private final Protocol protocol;
    private final int dimension;
    private String apiKey;
    private int batchSize;
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private Duration timeout = Duration.ofSeconds(60);
    private String id;
    private PriceTable.Price price;
    private Clock clock = Clock.systemUTC();

    private Builder(Protocol protocol, int dimension) {
      super("", "");
      this.protocol = Objects.requireNonNull(protocol, "protocol");
      this.dimension = Checks.atLeast("dimension", dimension, 1);
    }

    /**
     * The API key; null for a server that needs none. Refused (naming the position, never the key)
     * when it holds a character an HTTP header cannot carry: a control character, or anything
     * outside printable ASCII, which Java's HTTP client would otherwise send as {@code ?}.
     */
    public Builder apiKey(String key) {
      this.apiKey = checkKey(key);
      return this;
    }

    static String checkKey(String key) {
      if (key == null) {
        return null;
      }
      if (key.isBlank()) {
        throw new IllegalArgumentException("apiKey must not be blank (length " + key.length() + ")");
      }
      for (int i = 0; i < key.length(); i++) {
        char c = key.charAt(i);
        if (c < 0x20 || c == 0x7f) {
          throw new IllegalArgumentException("apiKey must not contain control characters (CR, LF, ...); found U+"
              + String.format("%04X", (int) c) + " at position " + i + " of " + key.length());
        }
        if (c > 0x7e) {
          throw new IllegalArgumentException("apiKey must be printable ASCII (HTTP headers carry nothing else; "
              + "a non-ASCII character would be sent as '?'); found a non-ASCII character at position " + i
              + " of " + key.length() + " (check for a smart quote or a non-breaking space pasted with the key)");
        }
      }
      return key;
    }

    /** Texts per request, 1 .. the provider's limit (default: {@link Protocol#defaultBatch()}). */
    public Builder batchSize(int n) {
      if (n < 1 || n > protocol.maxBatch()) {
        throw new IllegalArgumentException("batchSize must be in [1, " + protocol.maxBatch() + "] for "
            + protocol.provider() + "; batchSize=" + n);
      }
      this.batchSize = n;
      return this;
    }

    /** Retries and backoff. */
    public Builder retry(RetryPolicy r) {
      this.retry = Objects.requireNonNull(r, "retry");
      return this;
    }

    /** Per-exchange timeout (also the connect timeout), body included. */
    public Builder timeout(Duration d) {
      this.timeout = RetryPolicy.positive("timeout", d);
      return this;
    }

    /** The embedder id (default {@code <provider>:<model>}). */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /** The list price that {@link RemoteEmbedder#cost()} uses; none by default (USD is then NaN). */
    public Builder price(PriceTable.Price p) {
      this.price = p;
      return this;
    }

    /** The clock that HTTP-date {@code Retry-After} values are measured against (tests). */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /** Creates the embedder; makes no network call. */
    public RemoteEmbedder build() {
      return new RemoteEmbedder(this);
    }
  }
}

package dev.embedlab.monitor;

import dev.embedlab.core.Checks;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.ForwardingEmbedder;
import dev.embedlab.core.UsageReporting;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * An {@link Embedder} decorator that records Micrometer meters in the registry it is given (never
 * the global one). Meters, all tagged {@code embedder=<id>} plus the caller's tags:
 * <ul>
 *   <li>{@code embedlab.embed.latency} — timer per call, tag {@code role}, with p50/p95/p99
 *       published ({@code publishPercentiles}) and a histogram for server-side aggregation;
 *   <li>{@code embedlab.embed.texts}, {@code embedlab.embed.errors} — counters, tag {@code role};
 *   <li>{@code embedlab.embed.tokens}, {@code embedlab.embed.truncated} — counters fed by the
 *       deltas of the delegate's {@link UsageReporting} (through any wrappers), when it has it;
 *   <li>{@code embedlab.embed.cost} — estimated cost in the caller's currency, tokens × price per
 *       million tokens, when a price is set;
 *   <li>{@code embedlab.cache.hits} / {@code embedlab.cache.misses} and
 *       {@code embedlab.remote.requests} / {@code embedlab.remote.retries} — function counters
 *       reading the suppliers given (e.g. {@code StoreCachingEmbedder.stats().hits()},
 *       {@code OpenAiCompatibleEmbedder::requests}), so nothing is found by {@code instanceof}.
 * </ul>
 * Percentiles are Micrometer's: over a decaying time window ({@code distributionStatisticExpiry},
 * 2 minutes by default), rotated when the registry publishes or is read. Observed with micrometer
 * 1.14.5 and a {@link io.micrometer.core.instrument.simple.SimpleMeterRegistry}: a sample recorded
 * after the timer sat unread for longer than the window reads as 0 at the next snapshot (the mean
 * and count are right); a registry scraped regularly (Prometheus, every 15–60 s) does not see this.
 * Usage deltas are taken under a lock after each call, so the counters' totals equal the
 * delegate's counters even under concurrent calls (a call may be credited with a neighbour's
 * tokens; the sum is exact). Forwards id, dimension, fingerprint, usage, cost and provenance ({@link ForwardingEmbedder}):
 * metering does not change vectors; closing closes the delegate.
 */
public final class MeteredEmbedder implements ForwardingEmbedder {
  private final Embedder delegate;
  private final Map<Role, Timer> latency = new EnumMap<>(Role.class);
  private final Map<Role, Counter> texts = new EnumMap<>(Role.class);
  private final Map<Role, Counter> errors = new EnumMap<>(Role.class);
  private final Counter tokens;
  private final Counter truncated;
  private final Counter cost;
  private final double pricePerMillionTokens;
  private final Object usageLock = new Object();
  private Usage lastUsage;

  private MeteredEmbedder(Builder b) {
    this.delegate = b.delegate;
    Tags tags = Tags.of(b.tags).and("embedder", delegate.id());
    for (Role r : Role.values()) {
      Tags rt = tags.and("role", r.name().toLowerCase(java.util.Locale.ROOT));
      latency.put(r, Timer.builder("embedlab.embed.latency").description("time per embed call").tags(rt)
          .publishPercentiles(0.5, 0.95, 0.99).publishPercentileHistogram().register(b.registry));
      texts.put(r, Counter.builder("embedlab.embed.texts").description("texts embedded").tags(rt).register(b.registry));
      errors.put(r, Counter.builder("embedlab.embed.errors").description("embed calls that threw").tags(rt)
          .register(b.registry));
    }
    tokens = Counter.builder("embedlab.embed.tokens").description("tokens fed to the model").tags(tags)
        .register(b.registry);
    truncated = Counter.builder("embedlab.embed.truncated").description("texts truncated at the model's maximum length")
        .tags(tags).register(b.registry);
    pricePerMillionTokens = b.pricePerMillionTokens;
    cost = pricePerMillionTokens > 0 ? Counter.builder("embedlab.embed.cost").description("estimated cost")
        .baseUnit(b.currency).tags(tags).register(b.registry) : null;
    if (b.cacheHits != null) {
      LongSupplier h = b.cacheHits;
      LongSupplier m = b.cacheMisses;
      FunctionCounter.builder("embedlab.cache.hits", h, LongSupplier::getAsLong).tags(tags).register(b.registry);
      FunctionCounter.builder("embedlab.cache.misses", m, LongSupplier::getAsLong).tags(tags).register(b.registry);
    }
    if (b.remoteRequests != null) {
      LongSupplier q = b.remoteRequests;
      LongSupplier r = b.remoteRetries;
      FunctionCounter.builder("embedlab.remote.requests", q, LongSupplier::getAsLong).tags(tags).register(b.registry);
      FunctionCounter.builder("embedlab.remote.retries", r, LongSupplier::getAsLong).tags(tags).register(b.registry);
    }
    lastUsage = UsageReporting.usageOf(delegate).orElse(null);
  }

  /** A builder decorating {@code delegate} with meters in {@code registry}. */
  public static Builder builder(Embedder delegate, MeterRegistry registry) {
    return new Builder(delegate, registry);
  }

  @Override
  public float[][] embed(List<String> in, Role role) {
    Checks.notNull("role", role);
    Timer.Sample s = Timer.start();
    try {
      float[][] v = delegate.embed(in, role);
      texts.get(role).increment(in.size());
      return v;
    } catch (RuntimeException e) {
      errors.get(role).increment();
      throw e;
    } finally {
      s.stop(latency.get(role));
      recordUsage();
    }
  }

  private void recordUsage() {
    if (lastUsage == null) {
      return;
    }
    synchronized (usageLock) {
      Usage now = UsageReporting.usageOf(delegate).orElse(Usage.NONE);
      long dTok = now.tokens() - lastUsage.tokens();
      long dTrunc = now.truncatedTexts() - lastUsage.truncatedTexts();
      if (dTok < 0 || dTrunc < 0) { // the delegate's counters were reset elsewhere: start over from here
        lastUsage = now;
        return;
      }
      tokens.increment(dTok);
      truncated.increment(dTrunc);
      if (cost != null) {
        cost.increment(dTok * pricePerMillionTokens / 1e6);
      }
      lastUsage = now;
    }
  }

  @Override
  public void resetUsage() {
    synchronized (usageLock) {
      UsageReporting.resetUsageOf(delegate);
      lastUsage = UsageReporting.usageOf(delegate).orElse(null);
    }
  }

  /** The decorated embedder. */
  @Override
  public Embedder delegate() {
    return delegate;
  }

  @Override
  public void close() {
    delegate.close();
  }

  /** Builder of a {@link MeteredEmbedder}. */
  public static final class Builder {
    private final Embedder delegate;
    private final MeterRegistry registry;
    private Tags tags = Tags.empty();
    private double pricePerMillionTokens;
    private String currency = "USD";
    private LongSupplier cacheHits;
    private LongSupplier cacheMisses;
    private LongSupplier remoteRequests;
    private LongSupplier remoteRetries;

    private Builder(Embedder delegate, MeterRegistry registry) {
      if (delegate == null || registry == null) {
        throw new IllegalArgumentException("delegate and registry must not be null");
      }
      this.delegate = delegate;
      this.registry = registry;
    }

    /** Extra tags on every meter (e.g. {@code service}, {@code arm}). */
    public Builder tags(String... keyValues) {
      this.tags = tags.and(keyValues);
      return this;
    }

    /** Price per million tokens, for {@code embedlab.embed.cost}; 0 (default) records no cost. */
    public Builder pricePerMillionTokens(double price, String currency) {
      if (!(price >= 0) || Double.isInfinite(price)) {
        throw new IllegalArgumentException("price must be >= 0 and finite; price=" + price);
      }
      this.pricePerMillionTokens = price;
      this.currency = currency == null ? "USD" : currency;
      return this;
    }

    /** Cache counters to expose (monotonic). */
    public Builder cacheCounters(LongSupplier hits, LongSupplier misses) {
      if (hits == null || misses == null) {
        throw new IllegalArgumentException("hits and misses must not be null");
      }
      this.cacheHits = hits;
      this.cacheMisses = misses;
      return this;
    }

    /** Remote API counters to expose (monotonic), e.g. {@code OpenAiCompatibleEmbedder::requests}. */
    public Builder remoteCounters(LongSupplier requests, LongSupplier retries) {
      if (requests == null || retries == null) {
        throw new IllegalArgumentException("requests and retries must not be null");
      }
      this.remoteRequests = requests;
      this.remoteRetries = retries;
      return this;
    }

    /** The decorated embedder, its meters registered. */
    public MeteredEmbedder build() {
      return new MeteredEmbedder(this);
    }
  }
}

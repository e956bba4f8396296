package dev.embedlab.monitor;

import dev.embedlab.core.retrieval.Provenance;
import dev.embedlab.core.retrieval.ProvenanceSource;
import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.Retriever;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.List;

/**
 * A {@link Retriever} decorator recording, in the registry it is given: {@code embedlab.search.latency}
 * (timer per batch call, p50/p95/p99 published), {@code embedlab.search.queries},
 * {@code embedlab.search.empty} (queries answered with no hit) and {@code embedlab.search.errors};
 * tagged {@code retriever=<describe().name()>} plus the caller's tags. The name is read at each call,
 * so a retriever that changes behind the decorator (a swapped deployment) shows up as a new series.
 * Rankings pass through unchanged.
 */
public final class MeteredRetriever implements Retriever, ProvenanceSource {
  private final Retriever delegate;
  private final MeterRegistry registry;
  private final Tags tags;
  private final java.util.concurrent.ConcurrentHashMap<String, Meters> byName = new java.util.concurrent.ConcurrentHashMap<>();

  private record Meters(Timer latency, Counter queries, Counter empty, Counter errors) {}

  private MeteredRetriever(Retriever delegate, MeterRegistry registry, String... tags) {
    this.delegate = delegate;
    this.registry = registry;
    this.tags = Tags.of(tags);
    meters(); // register the current series now, so it is visible before the first search
  }

  private Meters meters() {
    return byName.computeIfAbsent(delegate.describe().name(), name -> {
      Tags t = tags.and("retriever", name);
      return new Meters(Timer.builder("embedlab.search.latency").description("time per search call").tags(t)
          .publishPercentiles(0.5, 0.95, 0.99).publishPercentileHistogram().register(registry),
          Counter.builder("embedlab.search.queries").tags(t).register(registry),
          Counter.builder("embedlab.search.empty").description("queries with no hit").tags(t).register(registry),
          Counter.builder("embedlab.search.errors").tags(t).register(registry));
    });
  }

  /**
   * Decorates {@code delegate}.
   *
   * @param tags extra tag key/value pairs
   */
  public static MeteredRetriever of(Retriever delegate, MeterRegistry registry, String... tags) {
    if (delegate == null || registry == null) {
      throw new IllegalArgumentException("delegate and registry must not be null");
    }
    return new MeteredRetriever(delegate, registry, tags);
  }

  @Override
  public List<Ranking> search(Queries q, int k) {
    Meters m = meters();
    Timer.Sample s = Timer.start();
    try {
      List<Ranking> r = delegate.search(q, k);
      m.queries().increment(q.size());
      for (Ranking x : r) {
        if (x.size() == 0) {
          m.empty().increment();
        }
      }
      return r;
    } catch (RuntimeException e) {
      m.errors().increment();
      throw e;
    } finally {
      s.stop(m.latency());
    }
  }

  @Override
  public Description describe() {
    return delegate.describe();
  }

  @Override
  public Provenance provenance() {
    return delegate.describe().provenance(); // metering changes no ranking
  }

  @Override
  public void close() {
    delegate.close();
  }
}

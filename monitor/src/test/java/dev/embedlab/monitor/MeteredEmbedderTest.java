package dev.embedlab.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.Fingerprinted;
import dev.embedlab.core.UsageReporting;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MeteredEmbedderTest {

  /** Counts a token per character; texts over 10 characters are "truncated". */
  static final class Counting implements Embedder, UsageReporting, Fingerprinted {
    final AtomicLong texts = new AtomicLong();
    final AtomicLong tokens = new AtomicLong();
    final AtomicLong truncated = new AtomicLong();

    @Override
    public float[][] embed(List<String> in, Role role) {
      if (in.contains("boom")) {
        throw new IllegalStateException("boom");
      }
      for (String s : in) {
        tokens.addAndGet(Math.min(10, s.length()));
        if (s.length() > 10) {
          truncated.incrementAndGet();
        }
      }
      texts.addAndGet(in.size());
      return new float[in.size()][2];
    }

    @Override
    public int dimension() {
      return 2;
    }

    @Override
    public String id() {
      return "counting";
    }

    @Override
    public String fingerprint() {
      return "counting;v1";
    }

    @Override
    public Usage usage() {
      return new Usage(texts.get(), tokens.get(), truncated.get(), 0);
    }

    @Override
    public void resetUsage() {
      texts.set(0);
      tokens.set(0);
      truncated.set(0);
    }
  }

  @Test
  void recordsLatencyPercentilesTextsTokensTruncationsCostAndExternalCounters() throws Exception {
    SimpleMeterRegistry reg = new SimpleMeterRegistry();
    Counting inner = new Counting();
    long[] cache = {7, 3};
    long[] remote = {5, 1};
    MeteredEmbedder e = MeteredEmbedder.builder(inner, reg).tags("service", "search")
        .pricePerMillionTokens(20.0, "USD").cacheCounters(() -> cache[0], () -> cache[1])
        .remoteCounters(() -> remote[0], () -> remote[1]).build();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int i = 0; i < 200; i++) {
      int n = i;
      pool.submit(() -> e.embed(List.of("short", "a much longer text " + n), Embedder.Role.DOCUMENT));
    }
    pool.shutdown();
    assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    e.embed(List.of("q"), Embedder.Role.QUERY);
    assertThrows(IllegalStateException.class, () -> e.embed(List.of("boom"), Embedder.Role.QUERY));

    Timer t = reg.get("embedlab.embed.latency").tag("role", "document").tag("service", "search").timer();
    assertEquals(200, t.count());
    ValueAtPercentile[] p = t.takeSnapshot().percentileValues();
    assertEquals(3, p.length, "p50, p95, p99 published");
    assertEquals(0.99, p[2].percentile(), 0);
    assertEquals(400.0, reg.get("embedlab.embed.texts").tag("role", "document").counter().count());
    assertEquals(1.0, reg.get("embedlab.embed.errors").tag("role", "query").counter().count());
    assertEquals((double) inner.tokens.get(), reg.get("embedlab.embed.tokens").counter().count(), "totals are exact");
    assertEquals(200 * 15 + 1, inner.tokens.get());
    assertEquals(200.0, reg.get("embedlab.embed.truncated").counter().count());
    assertEquals(inner.tokens.get() * 20.0 / 1e6, reg.get("embedlab.embed.cost").counter().count(), 1e-12);
    assertEquals(7.0, reg.get("embedlab.cache.hits").functionCounter().count());
    assertEquals(1.0, reg.get("embedlab.remote.retries").functionCounter().count());
    assertEquals("counting;v1", e.fingerprint());
    assertEquals(inner.usage(), e.usage());
    assertTrue(Metrics.globalRegistry.getMeters().isEmpty(), "nothing registered globally");
  }

  @Test
  void anEmbedderWithoutUsageStillGetsLatencyAndTexts() {
    SimpleMeterRegistry reg = new SimpleMeterRegistry();
    Embedder plain = new Embedder() {
      @Override
      public float[][] embed(List<String> texts, Role role) {
        return new float[texts.size()][3];
      }

      @Override
      public int dimension() {
        return 3;
      }

      @Override
      public String id() {
        return "plain";
      }
    };
    MeteredEmbedder e = MeteredEmbedder.builder(plain, reg).build();
    e.embed(List.of("a", "b"));
    assertEquals(2.0, reg.get("embedlab.embed.texts").tag("embedder", "plain").counter().count());
    assertEquals(0.0, reg.get("embedlab.embed.tokens").counter().count());
    assertTrue(reg.find("embedlab.embed.cost").meters().isEmpty(), "no price, no cost meter");
  }
}

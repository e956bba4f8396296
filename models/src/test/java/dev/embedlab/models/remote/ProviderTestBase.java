package dev.embedlab.models.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embedlab.core.CostReporting;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.UsageReporting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What every provider must do against its loopback fake: answer in input order with the documented
 * shape, split at the documented batch limit, count the billed tokens, fail at once on 401 without
 * the key, retry 429 (honouring {@code Retry-After}) and 5xx, and name a malformed body. Subclasses
 * add the exact request shape of their provider.
 */
abstract class ProviderTestBase {
  static final String KEY = "k3y-Zq7/Xy+ab9Kd/Lm0pQrStUvWx";

  abstract ProviderCase provider();

  /** The provider's documented error body for a wrong key. */
  abstract String unauthorizedBody();

  static List<String> texts(int n) {
    List<String> t = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      t.add("text " + i + "x".repeat(i % 7));
    }
    return t;
  }

  /** Field names of a JSON object. */
  static Set<String> fields(JsonNode o) {
    Set<String> s = new TreeSet<>();
    o.fieldNames().forEachRemaining(s::add);
    return s;
  }

  @Test
  void answersInInputOrderAndCountsTheBilledTokens() throws Exception {
    ProviderCase c = provider();
    try (FakeProviderServer fake = new FakeProviderServer(c.documented());
         Embedder e = c.open(fake, KEY, c.dimOption() + "&batch=5")) {
      List<String> t = texts(13);
      float[][] v = e.embed(t);
      assertEquals(3, fake.requests.size(), "13 texts in batches of 5");
      for (int i = 0; i < t.size(); i++) {
        assertArrayEquals(ProviderCase.vector(t.get(i), i % 5), v[i], "text " + i);
      }
      for (FakeProviderServer.Received r : fake.requests) {
        assertEquals("POST", r.method());
        assertEquals(c.expectedPath(), r.pathAndQuery());
        assertEquals(c.authPrefix() + KEY, r.header(c.authHeader()));
        assertTrue(r.header("Content-Type").startsWith("application/json"), r.header("Content-Type"));
      }
      CostReporting.Cost cost = CostReporting.costOf(e).orElseThrow();
      UsageReporting.Usage usage = UsageReporting.usageOf(e).orElseThrow();
      assertEquals(13, usage.texts());
      assertEquals(3, usage.batches());
      if (c.reportsTokens()) {
        assertTrue(cost.tokensMeasured());
        assertEquals(13L * ProviderCase.TOKENS_PER_TEXT, cost.tokens());
      } else {
        assertFalse(cost.tokensMeasured(), "no usage field: the count is an estimate");
        assertEquals(0, usage.tokens(), "usage counts reported tokens only");
        long chars = t.stream().mapToLong(String::length).sum();
        assertTrue(cost.tokens() >= chars / 4 && cost.tokens() <= chars / 4 + 3, cost.toString());
      }
    }
  }

  @Test
  void splitsAtTheDocumentedBatchLimit() throws Exception {
    ProviderCase c = provider();
    try (FakeProviderServer fake = new FakeProviderServer(c.documented());
         Embedder e = c.open(fake, KEY, c.dimOption() + "&batch=" + c.maxBatch())) {
      e.embed(texts(c.maxBatch() + 1));
      assertEquals(2, fake.requests.size());
      assertEquals(c.maxBatch(), c.textsOf().apply(fake.requests.get(0).body()).size());
      assertEquals(1, c.textsOf().apply(fake.requests.get(1).body()).size());
    }
    try (FakeProviderServer fake = new FakeProviderServer(c.documented())) {
      String m = assertThrows(IllegalArgumentException.class,
          () -> c.open(fake, KEY, c.dimOption() + "&batch=" + (c.maxBatch() + 1))).getMessage();
      assertTrue(m.contains("batchSize must be in [1, " + c.maxBatch() + "]"), m);
      assertEquals(0, fake.requests.size(), "refused before any call");
    }
  }

  @Test
  void unauthorizedFailsAtOnceAndNamesTheStatus() throws Exception {
    ProviderCase c = provider();
    try (FakeProviderServer fake = new FakeProviderServer((r, n) -> FakeProviderServer.Reply.of(401, unauthorizedBody()));
         Embedder e = c.open(fake, KEY, c.dimOption())) {
      String m = assertThrows(IllegalStateException.class, () -> e.embed(List.of("a"))).getMessage();
      assertEquals(1, fake.requests.size(), "401 is not retried");
      assertTrue(m.contains("HTTP 401") && m.contains("rejected a batch of 1 texts"), m);
      assertFalse(m.contains(KEY), m);
    }
  }

  @Test
  void rateLimitIsRetriedAfterRetryAfterAndItsHeadersKept() throws Exception {
    ProviderCase c = provider();
    FakeProviderServer.Answer ok = c.documented();
    try (FakeProviderServer fake = new FakeProviderServer((r, n) -> n == 0
            ? new FakeProviderServer.Reply(429, "{\"error\":{\"message\":\"Rate limit reached\"}}",
                Map.of("Retry-After", "0", "x-ratelimit-remaining-requests", "0"))
            : ok.answer(r, n));
         Embedder e = c.open(fake, KEY, c.dimOption())) {
      long t0 = System.nanoTime();
      assertEquals(4, e.embed(List.of("abcd"))[0][0]);
      assertTrue(System.nanoTime() - t0 < 400_000_000L, "Retry-After: 0 means no backoff");
      assertEquals(2, fake.requests.size());
      RemoteEmbedder re = (RemoteEmbedder) e;
      assertEquals(1, re.retries());
      assertEquals("0", re.rateLimits().get("x-ratelimit-remaining-requests"));
    }
  }

  @Test
  void serverErrorIsRetried() throws Exception {
    ProviderCase c = provider();
    FakeProviderServer.Answer ok = c.documented();
    try (FakeProviderServer fake = new FakeProviderServer((r, n) -> n == 0
            ? FakeProviderServer.Reply.of(503, "{\"error\":{\"message\":\"overloaded\"}}") : ok.answer(r, n));
         Embedder e = c.open(fake, KEY, c.dimOption())) {
      assertEquals(2, e.embed(List.of("ab"))[0][0]);
      assertEquals(2, fake.requests.size());
    }
  }

  @Test
  void aMalformedBodyIsAClearError() throws Exception {
    ProviderCase c = provider();
    try (FakeProviderServer fake = new FakeProviderServer((r, n) -> FakeProviderServer.Reply.ok("{\"data\": [1, 2"));
         Embedder e = c.open(fake, KEY, c.dimOption())) {
      String m = assertThrows(IllegalStateException.class, () -> e.embed(List.of("a"))).getMessage();
      assertTrue(m.startsWith(c.scheme() + ":") && m.contains("malformed JSON") && m.contains("line 1"), m);
    }
    try (FakeProviderServer fake = new FakeProviderServer((r, n) -> FakeProviderServer.Reply.ok("{\"unexpected\": true}"));
         Embedder e = c.open(fake, KEY, c.dimOption())) {
      String m = assertThrows(IllegalStateException.class, () -> e.embed(List.of("a"))).getMessage();
      assertTrue(m.contains("expected 1 embeddings in") && m.contains("found none"), m);
    }
  }
}

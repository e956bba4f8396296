package dev.embedlab.models.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Waits: Retry-After first, then OpenAI's x-ratelimit-reset-* on a 429, else the backoff; always capped. */
class RetryPolicyTest {
  static final Clock NOW = Clock.fixed(Instant.parse("2015-10-21T07:28:00Z"), ZoneOffset.UTC);
  static final RetryPolicy P = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(10));

  static HttpHeaders headers(Map<String, String> m) {
    Map<String, List<String>> h = new java.util.HashMap<>();
    m.forEach((k, v) -> h.put(k, List.of(v)));
    return HttpHeaders.of(h, (a, b) -> true);
  }

  @Test
  void openAiResetDurationsAreParsed() {
    assertEquals(Duration.ofMinutes(6), RetryPolicy.resetDuration("6m0s").orElseThrow());
    assertEquals(Duration.ofMillis(20), RetryPolicy.resetDuration("20ms").orElseThrow());
    assertEquals(Duration.ofMillis(1500), RetryPolicy.resetDuration("1.5s").orElseThrow());
    assertEquals(Duration.ofSeconds(3723), RetryPolicy.resetDuration("1h2m3s").orElseThrow());
    assertTrue(RetryPolicy.resetDuration("abc").isEmpty());
    assertTrue(RetryPolicy.resetDuration("").isEmpty());
    assertTrue(RetryPolicy.resetDuration("-1s").isEmpty());
  }

  @Test
  void retryAfterWinsThenResetHeadersThenBackoffAllCapped() {
    assertEquals(Duration.ofSeconds(2), P.waitAfter(429,
        headers(Map.of("Retry-After", "2", "x-ratelimit-reset-requests", "5s")), 0, NOW));
    assertEquals(Duration.ofSeconds(5), P.waitAfter(429, headers(Map.of("x-ratelimit-reset-requests", "5s")), 0, NOW));
    assertEquals(Duration.ofMillis(250), P.waitAfter(429, headers(Map.of("x-ratelimit-reset-tokens", "250ms")), 0, NOW));
    assertEquals(Duration.ofSeconds(10), P.waitAfter(429, headers(Map.of("x-ratelimit-reset-tokens", "6m0s")), 0, NOW),
        "capped at the maximum backoff");
    assertEquals(Duration.ofMillis(400), P.waitAfter(503, headers(Map.of("x-ratelimit-reset-tokens", "5s")), 2, NOW),
        "reset headers speak of rate limits, not of a 503: backoff 100 ms * 2^2");
    assertEquals(Duration.ofSeconds(10), P.waitAfter(503, headers(Map.of("Retry-After", "Wed, 21 Oct 2015 08:00:00 GMT")), 0, NOW));
  }
}

package dev.embedlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link OpenAiCompatibleEmbedder} against a real HTTP server on 127.0.0.1 that answers badly:
 * non-numeric components, key-echoing errors, endless and trickling bodies, odd Retry-After
 * values. Every loop here is bounded in count and time.
 */
class OpenAiHostileServerTest {

  interface Answer {
    void answer(HttpExchange ex) throws Exception;
  }

  HttpServer server;
  volatile Answer answer;
  final AtomicInteger calls = new AtomicInteger();
  final AtomicLong bytesSent = new AtomicLong();

  URI start(Answer a) throws IOException {
    answer = a;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/embeddings", ex -> {
      calls.incrementAndGet();
      try (ex) {
        ex.getRequestBody().readAllBytes();
        answer.answer(ex);
      } catch (IOException e) {
        // client went away: expected for the endless and trickling bodies
      } catch (Exception e) {
        throw new IOException(e);
      }
    });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
  }

  static OpenAiCompatibleEmbedder.Builder builder(URI base) {
    return OpenAiCompatibleEmbedder.builder(base, "m", 2).maxRetries(0)
        .backoff(Duration.ofMillis(5), Duration.ofMillis(50)).timeout(Duration.ofSeconds(2));
  }

  static String oneVector(String components) {
    return "{\"data\":[{\"index\":0,\"embedding\":[" + components + "]}],\"usage\":{\"prompt_tokens\":1}}";
  }

  @Test
  void everyComponentMustBeAFiniteJsonNumber() throws IOException {
    String[][] cases = {
        {"\"0.5\", 1", "component 0 = \"0.5\""},
        {"null, 1", "component 0 = null"},
        {"1, \"NaN\"", "component 1 = \"NaN\""},
        {"1, 1e39", "component 1 = 1.0E39"},
        {"1, 123456789012345678901234567890123456789012", "component 1 = 1234567890"},
        {"1, true", "component 1 = true"},
        {"1, [2]", "component 1 = [2]"},
    };
    for (String[] c : cases) {
      URI base = start(ex -> send(ex, 200, oneVector(c[0])));
      try (OpenAiCompatibleEmbedder e = builder(base).build()) {
        IllegalStateException ex = assertThrows(IllegalStateException.class, () -> e.embed(List.of("a")),
            c[0]);
        assertTrue(ex.getMessage().contains(c[1]) && ex.getMessage().contains("embedding of text 0")
            && ex.getMessage().contains("expected a finite JSON number"), ex.getMessage());
      }
      stop();
    }
    URI base = start(ex -> send(ex, 200, oneVector("-3.4e38, 7")));
    try (OpenAiCompatibleEmbedder e = builder(base).build()) {
      assertArrayEquals(new float[] {-3.4e38f, 7f}, e.embed(List.of("a"))[0]);
    }
  }

  @Test
  void malformedJsonAndStringIndexesAreClearErrors() throws IOException {
    URI base = start(ex -> send(ex, 200, "{\"data\":[{\"index\":0,\"embedding\":[1,NaN]}]}"));
    try (OpenAiCompatibleEmbedder e = builder(base).build()) {
      String m = assertThrows(IllegalStateException.class, () -> e.embed(List.of("a"))).getMessage();
      assertTrue(m.contains("malformed JSON") && m.contains("line 1") && !m.contains("REDACTED (StreamRead"),
          m);
    }
    stop();
    base = start(ex -> send(ex, 200, "{\"data\":[{\"index\":\"zero\",\"embedding\":[1,2]}]}"));
    try (OpenAiCompatibleEmbedder e = builder(base).build()) {
      String m = assertThrows(IllegalStateException.class, () -> e.embed(List.of("a"))).getMessage();
      assertTrue(m.contains("bad or duplicate index \"zero\""), m);
    }
  }

  @Test
  void anEchoedKeyNeverReachesTheMessage() throws IOException {
    String key = "sk-proj-AbCdEf0123456789XyZ";
    URI base = start(ex -> send(ex, 401, "{\"error\":{\"message\":\"Incorrect API key provided: Bearer "
        + ex.getRequestHeaders().getFirst("Authorization").substring(7) + ". Also api_key=" + key
        + " and sk-other-9876543210abc\"}}"));
    try (OpenAiCompatibleEmbedder e = builder(base).apiKey(key).build()) {
      String m = assertThrows(IllegalStateException.class, () -> e.embed(List.of("a"))).getMessage();
      assertTrue(m.contains("HTTP 401") && m.contains("[REDACTED]"), m);
      assertFalse(m.contains("AbCdEf0123456789XyZ") || m.contains("sk-other-9876543210abc"), m);
    }
  }

  @Test
  void userInfoInTheBaseUriIsRefusedWithoutPrintingIt() throws IOException {
    URI base = start(ex -> send(ex, 200, oneVector("1,2")));
    URI withKey = URI.create("http://user:sk-secretsecret123@127.0.0.1:" + base.getPort() + "/v1");
    String m = assertThrows(IllegalArgumentException.class, () -> builder(withKey)).getMessage();
    assertTrue(m.contains("must not carry user-info") && m.contains("http://[REDACTED]@127.0.0.1"), m);
    assertFalse(m.contains("secretsecret"), m);
    assertEquals("x [REDACTED] https://[REDACTED]@h/ Bearer [REDACTED] token=[REDACTED]",
        OpenAiCompatibleEmbedder.redactSecrets(
            "x sk-abcdefgh123 https://u:p@h/ Bearer abc.def token=zzz"));
  }

  @Test
  void anEndlessBodyFailsCleanlyWithoutBufferingIt() throws IOException {
    byte[] chunk = ("{\"data\":[{\"index\":0,\"embedding\":[" + "1,".repeat(32_768)).getBytes(StandardCharsets.UTF_8);
    URI base = start(ex -> {
      ex.sendResponseHeaders(200, 0); // chunked, no length
      OutputStream out = ex.getResponseBody();
      long deadline = System.nanoTime() + 10_000_000_000L;
      for (int i = 0; i < 2_000 && System.nanoTime() < deadline; i++) { // at most ~130 MB, 10 s
        out.write(chunk);
        bytesSent.addAndGet(chunk.length);
      }
    });
    long t0 = System.nanoTime();
    try (OpenAiCompatibleEmbedder e = builder(base).timeout(Duration.ofSeconds(10)).build()) {
      String m = assertThrows(IllegalStateException.class, () -> e.embed(List.of("a", "b"))).getMessage();
      long limit = 2L * 2 * OpenAiCompatibleEmbedder.BYTES_PER_COMPONENT + OpenAiCompatibleEmbedder.BODY_SLACK_BYTES;
      assertTrue(m.contains("body over " + limit + " bytes") && m.contains("not retried"), m);
    }
    assertTrue(System.nanoTime() - t0 < 8_000_000_000L, "failed at the limit, not at the timeout");
    assertEquals(1, calls.get());
  }

  @Test
  void theTimeoutBoundsATricklingBody() throws IOException {
    URI base = start(ex -> {
      ex.sendResponseHeaders(200, 0);
      OutputStream out = ex.getResponseBody();
      for (int i = 0; i < 100; i++) { // one byte per 100 ms: 10 s if nobody stops it
        out.write(' ');
        out.flush();
        Thread.sleep(100);
      }
      out.write(oneVector("1,2").getBytes(StandardCharsets.UTF_8));
    });
    long t0 = System.nanoTime();
    try (OpenAiCompatibleEmbedder e = builder(base).timeout(Duration.ofMillis(700)).maxRetries(1).build()) {
      String m = assertThrows(IllegalStateException.class, () -> e.embed(List.of("a"))).getMessage();
      assertTrue(m.contains("failed after 2 attempts") && m.contains("no complete response within the timeout of 700 ms"),
          m);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertTrue(seconds < 4, "two attempts of 0.7 s + backoff took " + seconds + " s");
  }

  @Test
  void oddRetryAfterValuesFallBackOrAreCapped() throws IOException {
    for (String h : new String[] {"-5", "abc", "1.5", "", "99999999999999999999999",
        "Wed, 21 Oct 2015 07:28:00 GMT"}) {
      AtomicInteger n = new AtomicInteger();
      URI base = start(ex -> {
        if (n.getAndIncrement() == 0) {
          ex.getResponseHeaders().add("Retry-After", h);
          send(ex, 429, "{\"error\":\"slow down\"}");
        } else {
          send(ex, 200, oneVector("3,4"));
        }
      });
      long t0 = System.nanoTime();
      try (OpenAiCompatibleEmbedder e = builder(base).maxRetries(1).build()) {
        assertArrayEquals(new float[] {3, 4}, e.embed(List.of("a"))[0], "Retry-After: " + h);
        assertEquals(1, e.retries());
      }
      assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "Retry-After " + h + " waited at most maxBackoff");
      stop();
    }
  }

  @Test
  void retryAfterFollowsRfc9110() {
    Clock now = Clock.fixed(Instant.parse("2015-10-21T07:28:00Z"), ZoneOffset.UTC);
    assertEquals(Duration.ofSeconds(120), OpenAiCompatibleEmbedder.retryAfter(" 120 ", now).orElseThrow());
    assertEquals(Duration.ofSeconds(30),
        OpenAiCompatibleEmbedder.retryAfter("Wed, 21 Oct 2015 07:28:30 GMT", now).orElseThrow());
    assertEquals(Duration.ofSeconds(30),
        OpenAiCompatibleEmbedder.retryAfter("Wednesday, 21-Oct-15 07:28:30 GMT", now).orElseThrow());
    assertEquals(Duration.ofSeconds(30),
        OpenAiCompatibleEmbedder.retryAfter("Wed Oct 21 07:28:30 2015", now).orElseThrow());
    assertEquals(Duration.ZERO, OpenAiCompatibleEmbedder.retryAfter("Wed, 21 Oct 2015 07:00:00 GMT", now).orElseThrow());
    assertTrue(OpenAiCompatibleEmbedder.retryAfter("-5", now).isEmpty());
    assertTrue(OpenAiCompatibleEmbedder.retryAfter("soon", now).isEmpty());
    assertTrue(OpenAiCompatibleEmbedder.retryAfter("1.5", now).isEmpty());
    assertTrue(OpenAiCompatibleEmbedder.retryAfter("99999999999999999999", now).orElseThrow().getSeconds() > 1e9);
  }
}

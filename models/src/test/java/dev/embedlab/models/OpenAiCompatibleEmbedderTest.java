package dev.embedlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.embedlab.core.Embedder.Role;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link OpenAiCompatibleEmbedder} against a local stub server on 127.0.0.1 (never a real host). */
class OpenAiCompatibleEmbedderTest {

  static final ObjectMapper JSON = new ObjectMapper();
  HttpServer server;
  final List<JsonNode> requests = new CopyOnWriteArrayList<>();
  final List<String> auth = new CopyOnWriteArrayList<>();
  final AtomicInteger failuresLeft = new AtomicInteger();
  volatile int failureStatus = 503;
  volatile long delayMs;
  volatile int dimReturned = 3;

  /** Vector of a text: (length, first code point, 1); data returned in reverse order. */
  URI start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/embeddings", this::handle);
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
  }

  void handle(HttpExchange ex) throws IOException {
    try (ex) {
      JsonNode req = JSON.readTree(ex.getRequestBody());
      requests.add(req);
      auth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
      if (delayMs > 0) {
        Thread.sleep(delayMs);
      }
      if (failuresLeft.getAndDecrement() > 0) {
        byte[] b = "{\"error\":\"busy\"}".getBytes(StandardCharsets.UTF_8);
        if (failureStatus == 429) {
          ex.getResponseHeaders().add("Retry-After", "0");
        }
        ex.sendResponseHeaders(failureStatus, b.length);
        ex.getResponseBody().write(b);
        return;
      }
      StringBuilder sb = new StringBuilder("{\"object\":\"list\",\"data\":[");
      JsonNode in = req.get("input");
      List<Integer> idx = new ArrayList<>();
      for (int i = 0; i < in.size(); i++) {
        idx.add(i);
      }
      Collections.reverse(idx);
      int tokens = 0;
      for (int k = 0; k < idx.size(); k++) {
        String t = in.get(idx.get(k)).asText();
        tokens += t.split(" ").length;
        sb.append(k > 0 ? "," : "").append("{\"index\":").append(idx.get(k)).append(",\"embedding\":[")
            .append(t.length()).append(',').append(t.isEmpty() ? 0 : t.codePointAt(0));
        for (int j = 2; j < dimReturned; j++) {
          sb.append(",1");
        }
        sb.append("]}");
      }
      sb.append("],\"usage\":{\"prompt_tokens\":").append(tokens).append(",\"total_tokens\":")
          .append(tokens).append("}}");
      byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  OpenAiCompatibleEmbedder.Builder builder(URI base) {
    return OpenAiCompatibleEmbedder.builder(base, "stub-model", 3)
        .backoff(Duration.ofMillis(5), Duration.ofMillis(20)).timeout(Duration.ofSeconds(5));
  }

  @Test
  void batchesKeepInputOrderAndCountTokens() throws IOException {
    URI base = start();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 207; i++) {
      texts.add("t" + i + (i % 2 == 0 ? " two" : ""));
    }
    try (OpenAiCompatibleEmbedder e = builder(base).batchSize(100).apiKey("sk-test").build()) {
      float[][] v = e.embed(texts);
      assertEquals(3, requests.size(), "207 texts in batches of 100");
      for (int i = 0; i < texts.size(); i++) {
        assertArrayEquals(new float[] {texts.get(i).length(), 't', 1}, v[i], "text " + i);
      }
      assertEquals("stub-model", requests.get(0).get("model").asText());
      assertEquals("Bearer sk-test", auth.get(0));
      assertEquals(207 + 104, e.usage().tokens());
      assertEquals(207, e.usage().texts());
      assertEquals(311 * 0.02 / 1e6, e.estimatedCost(0.02), 1e-15);
    }
  }

  @Test
  void queryPrefixIsAppliedByRole() throws IOException {
    URI base = start();
    try (OpenAiCompatibleEmbedder e = builder(base).queryPrefix("query: ").build()) {
      assertEquals("query: x".length(), e.embed(List.of("x"), Role.QUERY)[0][0]);
      assertEquals(1f, e.embed(List.of("x"), Role.DOCUMENT)[0][0]);
    }
  }

  @Test
  void retriesServerErrorsAndRateLimits() throws IOException {
    URI base = start();
    failuresLeft.set(2);
    try (OpenAiCompatibleEmbedder e = builder(base).maxRetries(3).build()) {
      assertEquals(5f, e.embed(List.of("hello"))[0][0]);
      assertEquals(3, e.requests());
      assertEquals(2, e.retries());
    }
    failureStatus = 429;
    failuresLeft.set(1);
    try (OpenAiCompatibleEmbedder e = builder(base).maxRetries(1).build()) {
      assertEquals(2f, e.embed(List.of("hi"))[0][0]);
      assertEquals(1, e.retries());
    }
  }

  @Test
  void givesUpAfterMaxRetriesAndFailsFastOnClientErrors() throws IOException {
    URI base = start();
    failuresLeft.set(10);
    try (OpenAiCompatibleEmbedder e = builder(base).maxRetries(2).build()) {
      IllegalStateException ex = assertThrows(IllegalStateException.class, () -> e.embed(List.of("a")));
      assertTrue(ex.getMessage().contains("failed after 3 attempts") && ex.getMessage().contains("503"),
          ex.getMessage());
    }
    requests.clear();
    failureStatus = 400;
    failuresLeft.set(1);
    try (OpenAiCompatibleEmbedder e = builder(base).maxRetries(5).apiKey("sk-secret").build()) {
      IllegalStateException ex = assertThrows(IllegalStateException.class, () -> e.embed(List.of("a")));
      assertEquals(1, requests.size(), "4xx is not retried");
      assertTrue(ex.getMessage().contains("HTTP 400") && !ex.getMessage().contains("sk-secret"));
    }
  }

  @Test
  void timeoutIsRetriedThenReported() throws IOException {
    URI base = start();
    delayMs = 400;
    try (OpenAiCompatibleEmbedder e = builder(base).timeout(Duration.ofMillis(100)).maxRetries(1).build()) {
      IllegalStateException ex = assertThrows(IllegalStateException.class, () -> e.embed(List.of("a")));
      assertTrue(ex.getMessage().contains("timeout"), ex.getMessage());
    }
  }

  @Test
  void wrongDimensionAndBadArgumentsAreRejected() throws IOException {
    URI base = start();
    dimReturned = 4;
    try (OpenAiCompatibleEmbedder e = builder(base).build()) {
      IllegalStateException ex = assertThrows(IllegalStateException.class, () -> e.embed(List.of("a")));
      assertTrue(ex.getMessage().contains("embedding of text 0 (position 0 in its batch of 1) has length 4; expected 3"), ex.getMessage());
      assertTrue(assertThrows(IllegalArgumentException.class, () -> e.embed(java.util.Arrays.asList("a", null)))
          .getMessage().contains("texts[1]"));
      e.close();
      e.close();
      assertThrows(IllegalStateException.class, () -> e.embed(List.of("a")));
    }
    assertThrows(IllegalArgumentException.class,
        () -> OpenAiCompatibleEmbedder.builder(URI.create("ftp://x"), "m", 3));
    assertThrows(IllegalArgumentException.class, () -> OpenAiCompatibleEmbedder.builder(base, "m", 0));
    assertThrows(IllegalArgumentException.class, () -> builder(base).batchSize(0));
  }
}

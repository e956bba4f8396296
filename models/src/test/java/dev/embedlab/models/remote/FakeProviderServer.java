package dev.embedlab.models.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP server (127.0.0.1, port 0) standing in for a provider: it records every request
 * exactly as it arrived (method, path with query, headers, parsed JSON body) and answers with what
 * the test's {@link Answer} returns.
 */
final class FakeProviderServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /** One request as received. */
  record Received(String method, String pathAndQuery, Map<String, List<String>> headers, JsonNode body) {
    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  /** A response to send. */
  record Reply(int status, String body, Map<String, String> headers) {
    static Reply ok(String body) {
      return new Reply(200, body, Map.of());
    }

    static Reply of(int status, String body) {
      return new Reply(status, body, Map.of());
    }
  }

  /** Computes the reply to the {@code n}-th request (from 0). */
  interface Answer {
    Reply answer(Received request, int n) throws Exception;
  }

  final List<Received> requests = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  volatile Answer answer;

  FakeProviderServer(Answer answer) throws IOException {
    this.answer = answer;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] in = ex.getRequestBody().readAllBytes();
      JsonNode body;
      try {
        body = JSON.readTree(in);
      } catch (IOException e) {
        body = null;
      }
      Received r = new Received(ex.getRequestMethod(), ex.getRequestURI().toString(),
          Map.copyOf(ex.getRequestHeaders()), body);
      int n = requests.size();
      requests.add(r);
      Reply reply;
      try {
        reply = answer.answer(r, n);
      } catch (Exception e) {
        reply = Reply.of(500, "test answer failed: " + e);
      }
      byte[] b = reply.body().getBytes(StandardCharsets.UTF_8);
      reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(reply.status(), b.length == 0 ? -1 : b.length);
      if (b.length > 0) {
        ex.getResponseBody().write(b);
      }
    } catch (IOException e) {
      // the client went away (timeouts, cut bodies): expected in some tests
    }
  }

  /** {@code http://127.0.0.1:PORT} + {@code path}. */
  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

package dev.embedlab.interop.langchain4j;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback (127.0.0.1, ephemeral port) server answering {@code POST .../chat/completions} as the
 * OpenAI Chat Completions API documents: it requires the bearer key, records every request body so a
 * test can check what reached the prompt, and replies with a {@code chat.completion} object whose
 * assistant content is {@link #ANSWER}. Anything else gets 404/405/401 with an OpenAI error body.
 */
final class FakeOpenAiServer implements AutoCloseable {
  static final String KEY = "test-key";
  static final String ANSWER = "Kimchi is fermented cabbage (fake answer).";
  private final HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  FakeOpenAiServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The base URL with the {@code /v1} prefix, as LangChain4j's OpenAI client expects it. */
  String baseUrlV1() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** Request bodies received, in order. */
  List<String> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (!ex.getRequestURI().getPath().endsWith("/chat/completions")) {
        reply(ex, 404, error("unknown path " + ex.getRequestURI().getPath()));
      } else if (!"POST".equals(ex.getRequestMethod())) {
        reply(ex, 405, error("method " + ex.getRequestMethod()));
      } else if (!("Bearer " + KEY).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        reply(ex, 401, error("bad key"));
      } else {
        requests.add(body);
        reply(ex, 200, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,"
            + "\"model\":\"fake-gpt\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
            + ANSWER + "\"},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":50,\"completion_tokens\":8,\"total_tokens\":58}}");
      }
    }
  }

  private static String error(String message) {
    return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"invalid_request_error\"}}";
  }

  private static void reply(HttpExchange ex, int status, String json) throws IOException {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(b);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

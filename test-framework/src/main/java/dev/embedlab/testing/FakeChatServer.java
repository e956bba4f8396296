package dev.embedlab.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A loopback server that speaks the OpenAI Chat Completions API as documented: it checks each request
 * (path, method, bearer key, JSON body with model, messages, temperature) and answers with a
 * {@code chat.completion} object whose content a test supplies from the last user message. Queued
 * failures (status, body, headers) are served first: 429 with Retry-After, 500, 401, malformed bodies,
 * refusals. The one fake chat endpoint of embedlab's tests: the rag module's generator and judge, the
 * end-to-end tests and the LangChain4j and Spring AI RAG chains all talk to it.
 */
public final class FakeChatServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final String key;
  private final Function<String, String> answer;
  private final Deque<Failure> failures = new ArrayDeque<>();
  private final List<JsonNode> requests = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();

  /** A queued answer other than the normal one. */
  public record Failure(int status, String body, String retryAfter) {}

  /**
   * @param key the bearer key every request must carry
   * @param answer the assistant's content for a given user message
   */
  public FakeChatServer(String key, Function<String, String> answer) throws IOException {
    this.key = key;
    this.answer = answer;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext("/v1/chat/completions", ex -> {
      try (InputStream in = ex.getRequestBody()) {
        byte[] body = in.readAllBytes();
        int status = 200;
        String out;
        String retry = null;
        synchronized (this) {
          if (!ex.getRequestMethod().equals("POST")) {
            problems.add("method " + ex.getRequestMethod());
          }
          if (!("Bearer " + key).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            problems.add("Authorization header " + ex.getRequestHeaders().getFirst("Authorization"));
          }
          if (!String.valueOf(ex.getRequestHeaders().getFirst("Content-Type")).startsWith("application/json")) {
            problems.add("Content-Type " + ex.getRequestHeaders().getFirst("Content-Type"));
          }
          JsonNode req = JSON.readTree(body);
          requests.add(req);
          if (!req.path("model").isTextual() || !req.path("messages").isArray() || !req.path("temperature").isNumber()) {
            problems.add("request lacks model, messages or temperature: " + req);
          }
          Failure f = failures.poll();
          if (f != null) {
            status = f.status();
            out = f.body();
            retry = f.retryAfter();
          } else {
            JsonNode msgs = req.path("messages");
            String user = msgs.get(msgs.size() - 1).path("content").asText();
            out = completion(req.path("model").asText(), answer.apply(user), null);
          }
        }
        if (retry != null) {
          ex.getResponseHeaders().add("Retry-After", retry);
        }
        ex.getResponseHeaders().add("Content-Type", "application/json");
        byte[] bytes = out.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
          os.write(bytes);
        }
      }
    });
    server.start();
  }

  /** A {@code chat.completion} body with {@code content} (or a refusal when {@code refusal} is set). */
  public static String completion(String model, String content, String refusal) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", "chatcmpl-test").put("object", "chat.completion").put("created", 1765000000L).put("model", model);
    ObjectNode choice = n.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode msg = choice.putObject("message");
    msg.put("role", "assistant");
    if (refusal != null) {
      msg.putNull("content");
      msg.put("refusal", refusal);
    } else {
      msg.put("content", content);
      msg.putNull("refusal");
    }
    choice.put("finish_reason", "stop");
    n.putObject("usage").put("prompt_tokens", 100).put("completion_tokens", 20).put("total_tokens", 120);
    return n.toString();
  }

  /** Serves {@code f} before the next normal answer. */
  public synchronized FakeChatServer enqueue(Failure f) {
    failures.add(f);
    return this;
  }

  /** The base URL to give a client ({@code http://127.0.0.1:PORT/v1}). */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** The base URL without {@code /v1}, as Spring AI's {@code OpenAiApi} expects it (it adds {@code /v1/chat/completions}). */
  public String root() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every request body received, as JSON text. */
  public synchronized List<String> requestBodies() {
    return requests.stream().map(JsonNode::toString).toList();
  }

  /** Every request body received. */
  public synchronized List<JsonNode> requests() {
    return List.copyOf(requests);
  }

  /** Requests that did not follow the API, described. */
  public synchronized List<String> problems() {
    return List.copyOf(problems);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

package dev.embedlab.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * OpenAI's {@code POST /v1/embeddings} and Cohere's {@code POST /v2/embed} on 127.0.0.1, answering as
 * the providers document: deterministic vectors (words hashed into the dimensions, so retrieval is
 * meaningful), and usage tokens (one per word) in OpenAI's {@code usage.prompt_tokens} and Cohere's
 * {@code meta.billed_units.input_tokens}. A wrong key or request shape answers 401 / 400 and is kept
 * in {@link #problems()}.
 */
final class FakeEmbeddingApis implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String OPENAI_KEY = "sk-test-openai";
  static final String COHERE_KEY = "co-test-cohere";

  final List<String> requests = new CopyOnWriteArrayList<>();
  final List<String> problems = new CopyOnWriteArrayList<>();
  final AtomicLong texts = new AtomicLong();
  final AtomicLong tokens = new AtomicLong();
  private final HttpServer server;

  FakeEmbeddingApis() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/embeddings", x -> handle(x, true));
    server.createContext("/v2/embed", x -> handle(x, false));
    server.start();
  }

  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Words of {@code text}, lower-cased: the fake's tokens. */
  static String[] words(String text) {
    String t = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    return t.isEmpty() ? new String[0] : t.split(" ");
  }

  /** Each word adds 1 to dimension hash(word) mod dim. */
  static float[] vector(String text, int dim) {
    float[] v = new float[dim];
    for (String w : words(text)) {
      v[Math.floorMod(w.hashCode(), dim)] += 1;
    }
    v[dim - 1] += 0.01f; // never the zero vector
    return v;
  }

  private void handle(HttpExchange x, boolean openai) throws IOException {
    try (x) {
      String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.add(x.getRequestURI().getPath());
      String key = openai ? OPENAI_KEY : COHERE_KEY;
      if (!("Bearer " + key).equals(x.getRequestHeaders().getFirst("Authorization"))) {
        problems.add("bad Authorization on " + x.getRequestURI());
        send(x, 401, "{\"error\": {\"message\": \"invalid api key\"}}");
        return;
      }
      JsonNode req = JSON.readTree(body);
      JsonNode in = req.path(openai ? "input" : "texts");
      String type = req.path("input_type").asText("");
      if (!in.isArray() || req.path("model").asText().isEmpty()
          || (!openai && !type.equals("search_query") && !type.equals("search_document"))) {
        problems.add("bad request shape: " + body);
        send(x, 400, "{\"message\": \"bad request\"}");
        return;
      }
      int dim = openai ? req.path("dimensions").asInt(1536) : 1024;
      ObjectNode out = JSON.createObjectNode();
      ArrayNode vectors = openai ? out.putArray("data") : out.putObject("embeddings").putArray("float");
      long used = 0;
      for (int i = 0; i < in.size(); i++) {
        String text = in.get(i).asText();
        used += Math.max(1, words(text).length);
        ArrayNode v;
        if (openai) {
          ObjectNode d = vectors.addObject();
          d.put("object", "embedding").put("index", i);
          v = d.putArray("embedding");
        } else {
          v = vectors.addArray();
        }
        for (float f : vector(text, dim)) {
          v.add(f);
        }
      }
      texts.addAndGet(in.size());
      tokens.addAndGet(used);
      if (openai) {
        out.put("object", "list").put("model", req.path("model").asText());
        out.putObject("usage").put("prompt_tokens", used).put("total_tokens", used);
      } else {
        out.put("id", "fake-" + requests.size());
        out.putObject("meta").putObject("billed_units").put("input_tokens", used);
      }
      send(x, 200, JSON.writeValueAsString(out));
    }
  }

  private static void send(HttpExchange x, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(status, b.length);
    x.getResponseBody().write(b);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

package dev.embedlab.rag.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.testing.FakeChatServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenAiChatClientTest {
  private static final String KEY = "sk-test-Zq7/Xy+9secret";
  private static final List<ChatModel.Message> HELLO = List.of(new ChatModel.Message("system", "s"),
      new ChatModel.Message("user", "hello"));

  @Test
  void sendsTheDocumentedRequestAndReadsTheAnswer() throws Exception {
    try (FakeChatServer s = new FakeChatServer(KEY, u -> "{\"echo\": \"" + u + "\"}")) {
      OpenAiChatClient c = OpenAiChatClient.builder(s.baseUrl(), "gpt-4o-mini").apiKey(KEY).seed(7L).build();
      ChatModel.Answer a = c.chat(HELLO, true);
      assertEquals("{\"echo\": \"hello\"}", a.content());
      assertEquals("stop", a.finishReason());
      assertFalse(a.cached());
      var req = s.requests().get(0);
      assertEquals("gpt-4o-mini", req.path("model").asText());
      assertEquals("json_object", req.path("response_format").path("type").asText());
      assertEquals(7, req.path("seed").asInt());
      assertEquals(0.0, req.path("temperature").asDouble());
      assertEquals("system", req.path("messages").get(0).path("role").asText());
      assertEquals(List.of(), s.problems());
      assertEquals(new ChatModel.Usage(1, 0, 100, 20), c.usage());
      assertEquals(100 / 1e6 * 0.15 + 20 / 1e6 * 0.60, c.cost(0.15, 0.60), 1e-15);
    }
  }

  @Test
  void aSecondRunIsServedFromTheCacheWithoutACall(@TempDir Path cache) throws Exception {
    try (FakeChatServer s = new FakeChatServer(KEY, u -> "{\"n\": 1}")) {
      OpenAiChatClient first = OpenAiChatClient.builder(s.baseUrl(), "m").apiKey(KEY).cacheDir(cache).build();
      String a1 = first.chat(HELLO, true).content();
      OpenAiChatClient second = OpenAiChatClient.builder(s.baseUrl(), "m").apiKey(KEY).cacheDir(cache).build();
      ChatModel.Answer a2 = second.chat(HELLO, true);
      assertEquals(a1, a2.content());
      assertTrue(a2.cached());
      assertEquals(1, s.requests().size(), "the second run calls nothing");
      assertEquals(new ChatModel.Usage(0, 1, 0, 0), second.usage());
      OpenAiChatClient warmer = OpenAiChatClient.builder(s.baseUrl(), "m").apiKey(KEY).cacheDir(cache).temperature(0.7).build();
      warmer.chat(HELLO, true);
      assertEquals(2, s.requests().size(), "another temperature is another request");
    }
  }

  @Test
  void rateLimitsAndServerErrorsAreRetriedHonouringRetryAfter() throws Exception {
    try (FakeChatServer s = new FakeChatServer(KEY, u -> "{}")) {
      s.enqueue(new FakeChatServer.Failure(429, "{\"error\":{\"message\":\"slow down\"}}", "0"))
          .enqueue(new FakeChatServer.Failure(503, "{\"error\":{\"message\":\"overloaded\"}}", "0"));
      OpenAiChatClient c = OpenAiChatClient.builder(s.baseUrl(), "m").apiKey(KEY).maxRetries(2).build();
      assertEquals("{}", c.chat(HELLO, true).content());
      assertEquals(3, s.requests().size());
    }
  }

  @Test
  void errorsNameTheStatusAndNeverTheKeyInAnyEncoding() throws Exception {
    String echo = "{\"error\":{\"message\":\"bad key " + KEY.replace("/", "\\\\/") + " / "
        + java.net.URLEncoder.encode(KEY, java.nio.charset.StandardCharsets.UTF_8) + " / " + KEY.toLowerCase() + "\"}}";
    try (FakeChatServer s = new FakeChatServer(KEY, u -> "{}")) {
      s.enqueue(new FakeChatServer.Failure(401, echo, null));
      OpenAiChatClient c = OpenAiChatClient.builder(s.baseUrl(), "m").apiKey(KEY).maxRetries(0).build();
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.chat(HELLO, true));
      assertTrue(e.getMessage().contains("HTTP 401") && e.getMessage().contains("check the API key"), e.getMessage());
      assertFalse(e.getMessage().contains("9secret") || e.getMessage().toLowerCase().contains("9secret"), e.getMessage());
      assertTrue(e.getMessage().contains("[REDACTED]"), e.getMessage());
    }
  }

  @Test
  void refusalsAndMalformedAnswersAreReportedNotGuessed() throws Exception {
    try (FakeChatServer s = new FakeChatServer(KEY, u -> "not json at all")) {
      s.enqueue(new FakeChatServer.Failure(200, FakeChatServer.completion("m", null, "I can't help with that."), null));
      OpenAiChatClient c = OpenAiChatClient.builder(s.baseUrl(), "m").apiKey(KEY).build();
      ChatModel.Answer refused = c.chat(HELLO, true);
      assertNull(refused.content());
      JsonAnswers.InvalidAnswerException r = assertThrows(JsonAnswers.InvalidAnswerException.class, () -> JsonAnswers.object(refused));
      assertTrue(r.getMessage().startsWith("the model refused"), r.getMessage());
      JsonAnswers.InvalidAnswerException m = assertThrows(JsonAnswers.InvalidAnswerException.class,
          () -> JsonAnswers.object(c.chat(HELLO, true)));
      assertTrue(m.getMessage().contains("expected a JSON object"), m.getMessage());
      s.enqueue(new FakeChatServer.Failure(200, "{\"choices\": []}", null));
      IllegalStateException shape = assertThrows(IllegalStateException.class, () -> c.chat(List.of(new ChatModel.Message("user", "x")), true));
      assertTrue(shape.getMessage().contains("expected choices[0].message"), shape.getMessage());
    }
  }

  @Test
  void fencedJsonIsAccepted() {
    ChatModel.Answer a = new ChatModel.Answer("Sure:\n```json\n{\"verdict\": 1}\n```", null, "stop", 0, 0, false);
    assertEquals(1, JsonAnswers.verdict(JsonAnswers.object(a), "verdict"));
  }

  @Test
  void badConfigurationIsRefusedUpFront() {
    assertThrows(IllegalArgumentException.class, () -> OpenAiChatClient.builder("ftp://x", "m"));
    assertThrows(IllegalArgumentException.class, () -> OpenAiChatClient.builder("http://user:pw@x/v1", "m"));
    IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
        () -> OpenAiChatClient.builder("http://x/v1", "m").apiKey("sk-키"));
    assertTrue(key.getMessage().contains("position 3") && !key.getMessage().contains("sk-"), key.getMessage());
    assertThrows(IllegalArgumentException.class, () -> OpenAiChatClient.builder("http://x/v1", "m").temperature(3));
  }
}

package dev.embedlab.rag.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder;
import dev.embedlab.testing.FakeChatServer;
import dev.embedlab.rag.llm.ChatModel;
import dev.embedlab.rag.llm.OpenAiChatClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlmJudgeTest {

  /** Answers every judge prompt the way RAGAS's judge would for the Hubble sample. */
  private static String judge(String user) {
    if (user.contains("verdicts") && (user.contains("statements:") || user.contains("진술문:"))) {
      return "{\"verdicts\": [{\"statement\": \"a\", \"reason\": \"r\", \"verdict\": 1},"
          + " {\"statement\": \"b\", \"reason\": \"r\", \"verdict\": 0}, {\"statement\": \"c\", \"reason\": \"r\", \"verdict\": 1}]}";
    }
    if (user.contains("\"statements\"")) {
      return "{\"statements\": [\"Hubble was launched in 1990.\", \"It was launched from Mars.\", \"Discovery carried it.\"]}";
    }
    if (user.contains("classifications")) {
      return "{\"classifications\": [{\"statement\": \"s1\", \"reason\": \"r\", \"attributed\": 1}, {\"statement\": \"s2\", \"reason\": \"r\", \"attributed\": 0}]}";
    }
    if (user.contains("noncommittal")) {
      return "{\"question\": \"When was Hubble launched?\", \"noncommittal\": 0}";
    }
    if (user.contains("verdict")) {
      return user.contains("context: Hubble") || user.contains("문맥: Hubble") ? "{\"reason\": \"r\", \"verdict\": 1}" : "{\"reason\": \"r\", \"verdict\": 0}";
    }
    return "???";
  }

  @Test
  void ragasArithmeticOverAJudgeBehindTheChatApi(@TempDir Path cache) throws Exception {
    try (FakeChatServer s = new FakeChatServer("k", LlmJudgeTest::judge)) {
      LlmJudge j = new LlmJudge(OpenAiChatClient.builder(s.baseUrl(), "judge").apiKey("k").cacheDir(cache).build());
      String q = "When was Hubble launched?";
      List<String> ctx = List.of("Hubble was launched in 1990.", "Paris is in France.", "Hubble flew on Discovery.");
      assertEquals((1 + 2.0 / 3) / (2 + 1e-10), j.contextPrecision(q, ctx, "In 1990."), 1e-15);
      assertEquals(0.5, j.contextRecall(q, ctx, "In 1990. On Discovery."), 0);
      assertEquals(2.0 / 3, j.faithfulness(q, "It was launched in 1990 from Mars by Discovery.", ctx), 1e-15);
      Embedder same = new Embedder() {
        @Override public float[][] embed(List<String> texts, Role role) {
          float[][] out = new float[texts.size()][];
          for (int i = 0; i < out.length; i++) {
            out[i] = texts.get(i).contains("Hubble") ? new float[] {1, 0} : new float[] {0, 1};
          }
          return out;
        }
        @Override public int dimension() { return 2; }
        @Override public String id() { return "toy"; }
      };
      assertEquals(1.0, j.answerRelevancy(q, "In 1990.", same, 3), 1e-12);
      assertEquals(0, j.failures());
      int calls = s.requests().size();
      LlmJudge again = new LlmJudge(OpenAiChatClient.builder(s.baseUrl(), "judge").apiKey("k").cacheDir(cache).build());
      assertEquals(2.0 / 3, again.faithfulness(q, "It was launched in 1990 from Mars by Discovery.", ctx), 1e-15);
      assertEquals(calls, s.requests().size(), "deterministic under the response cache: no new call");
    }
  }

  @Test
  void aJudgeThatAnswersBadlyGivesNaNAndIsCounted() throws Exception {
    try (FakeChatServer s = new FakeChatServer("k", u -> "I think yes")) {
      s.enqueue(new FakeChatServer.Failure(200, FakeChatServer.completion("judge", null, "I cannot judge this."), null));
      LlmJudge j = new LlmJudge(OpenAiChatClient.builder(s.baseUrl(), "judge").apiKey("k").build());
      assertTrue(Double.isNaN(j.contextRecall("q", List.of("c"), "r")));
      assertTrue(Double.isNaN(j.contextRecall("q", List.of("c"), "r")));
      assertEquals(2, j.failures());
      assertTrue(j.failureReasons().get(0).contains("refused"), j.failureReasons().toString());
      assertTrue(j.failureReasons().get(1).contains("expected a JSON object"), j.failureReasons().toString());
    }
  }

  @Test
  void koreanQuestionsGetKoreanJudgePrompts() {
    List<String> seen = new java.util.ArrayList<>();
    ChatModel spy = new ChatModel() {
      @Override public Answer chat(List<Message> m, boolean json) {
        seen.add(m.get(0).content() + "\n" + m.get(1).content());
        return new Answer("{\"reason\": \"r\", \"verdict\": 1}", null, "stop", 1, 1, false);
      }
      @Override public String model() { return "spy"; }
      @Override public double temperature() { return 0; }
    };
    new LlmJudge(spy).contextPrecision("경주에는 무엇이 있나요?", List.of("불국사"), "불국사와 석굴암");
    assertTrue(seen.get(0).startsWith("당신은") && seen.get(0).contains("질문, 문맥, 정답"), seen.get(0));
  }
}

package dev.embedlab.rag.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embedlab.core.Checks;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.eval.metrics.RagasContextMetrics;
import dev.embedlab.rag.llm.ChatModel;
import dev.embedlab.rag.llm.JsonAnswers;
import dev.embedlab.rag.llm.Prompts;
import java.util.ArrayList;
import java.util.List;

/**
 * The LLM-judged RAG metrics of RAGAS, over any {@link ChatModel}: context precision and recall
 * against a reference answer, faithfulness of an answer to its contexts, and answer relevancy. The
 * arithmetic is RAGAS's ({@code _context_precision.py}, {@code _context_recall.py},
 * {@code _faithfulness.py}, {@code _answer_relevance.py}); the prompts are embedlab's own, in Korean
 * for Korean questions ({@link Prompts}). Under a cached chat model at temperature 0 every score is
 * reproducible call for call.
 *
 * <p>A judge answer that is not what was asked (malformed JSON, a refusal, a wrong number of verdicts)
 * makes that sample's score NaN and is counted in {@link #failures()}, never guessed.
 */
public final class LlmJudge {
  private final ChatModel chat;
  private int failures;
  private final List<String> failureReasons = new ArrayList<>();

  public LlmJudge(ChatModel chat) {
    this.chat = chat;
  }

  /** Judge answers that could not be used so far. */
  public synchronized int failures() {
    return failures;
  }

  /** Why, one line per failure, in order. */
  public synchronized List<String> failureReasons() {
    return List.copyOf(failureReasons);
  }

  private synchronized double fail(String metric, RuntimeException e) {
    failures++;
    failureReasons.add(metric + ": " + e.getMessage());
    return Double.NaN;
  }

  private JsonNode ask(String user, boolean korean) {
    return JsonAnswers.object(chat.chat(List.of(new ChatModel.Message("system", Prompts.system(korean)),
        new ChatModel.Message("user", user)), true));
  }

  /** Context precision with a reference answer: a usefulness verdict per retrieved context, averaged as RAGAS does. */
  public double contextPrecision(String question, List<String> retrieved, String reference) {
    boolean ko = Prompts.isKorean(question);
    try {
      int[] v = new int[retrieved.size()];
      for (int k = 0; k < v.length; k++) {
        v[k] = JsonAnswers.verdict(ask(Prompts.contextUseful(question, retrieved.get(k), reference, ko), ko), "verdict");
      }
      return v.length == 0 ? Double.NaN : RagasContextMetrics.averagePrecision(v);
    } catch (JsonAnswers.InvalidAnswerException | IllegalStateException e) {
      return fail("context precision", e);
    }
  }

  /** Context recall: the share of the reference's sentences that the contexts support. */
  public double contextRecall(String question, List<String> retrieved, String reference) {
    boolean ko = Prompts.isKorean(question);
    try {
      JsonNode n = ask(Prompts.attributable(question, String.join("\n", retrieved), reference, ko), ko);
      JsonNode list = n.get("classifications");
      if (list == null || !list.isArray() || list.isEmpty()) {
        throw new JsonAnswers.InvalidAnswerException("expected a non-empty 'classifications' array");
      }
      int sum = 0;
      for (JsonNode c : list) {
        sum += JsonAnswers.verdict(c, "attributed");
      }
      return (double) sum / list.size();
    } catch (JsonAnswers.InvalidAnswerException | IllegalStateException e) {
      return fail("context recall", e);
    }
  }

  /** Faithfulness: the share of the answer's statements that the contexts support (NaN with no statement). */
  public double faithfulness(String question, String answer, List<String> retrieved) {
    boolean ko = Prompts.isKorean(question);
    try {
      JsonNode s = ask(Prompts.statements(question, answer, ko), ko).get("statements");
      if (s == null || !s.isArray()) {
        throw new JsonAnswers.InvalidAnswerException("expected a 'statements' array");
      }
      List<String> statements = new ArrayList<>();
      s.forEach(x -> statements.add(x.asText()));
      if (statements.isEmpty()) {
        return Double.NaN;
      }
      JsonNode v = ask(Prompts.supported(String.join("\n", retrieved), statements, ko), ko).get("verdicts");
      if (v == null || !v.isArray() || v.size() != statements.size()) {
        throw new JsonAnswers.InvalidAnswerException("expected " + statements.size() + " verdicts; found "
            + (v == null || !v.isArray() ? "none" : v.size()));
      }
      int sum = 0;
      for (JsonNode x : v) {
        sum += JsonAnswers.verdict(x, "verdict");
      }
      return (double) sum / statements.size();
    } catch (JsonAnswers.InvalidAnswerException | IllegalStateException e) {
      return fail("faithfulness", e);
    }
  }

  /**
   * Answer relevancy: {@code n} questions generated from the answer, embedded with {@code embedder}
   * (as queries), mean cosine to the original question; 0 when every generated question calls the
   * answer noncommittal (RAGAS: {@code mean(cos) · (not all noncommittal)}).
   */
  public double answerRelevancy(String question, String answer, Embedder embedder, int n) {
    Checks.atLeast("n", n, 1);
    boolean ko = Prompts.isKorean(question);
    try {
      List<String> generated = new ArrayList<>();
      boolean allNoncommittal = true;
      for (int i = 0; i < n; i++) {
        JsonNode g = ask(Prompts.questionForAnswer(answer, ko) + (i == 0 ? "" : ko
            ? "\n(" + (i + 1) + "번째 변형: 앞의 질문과 다르게 표현하세요)"
            : "\n(variant " + (i + 1) + ": phrase it differently from the others)"), ko);
        JsonNode q = g.get("question");
        if (q == null || !q.isTextual() || q.asText().isBlank()) {
          throw new JsonAnswers.InvalidAnswerException("expected a non-blank 'question'");
        }
        generated.add(q.asText());
        allNoncommittal &= JsonAnswers.verdict(g, "noncommittal") == 1;
      }
      float[] orig = embedder.embed(List.of(question), Embedder.Role.QUERY)[0];
      float[][] gen = embedder.embed(generated, Embedder.Role.QUERY);
      double sum = 0;
      for (float[] g : gen) {
        sum += VectorUtil.cosine(orig, g);
      }
      return allNoncommittal ? 0.0 : sum / gen.length;
    } catch (JsonAnswers.InvalidAnswerException | IllegalStateException e) {
      return fail("answer relevancy", e);
    }
  }
}

package dev.embedlab.rag.synth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embedlab.rag.chunk.Passage;
import dev.embedlab.rag.chunk.TokenSpans;
import dev.embedlab.rag.llm.ChatModel;
import dev.embedlab.rag.llm.JsonAnswers;
import dev.embedlab.rag.llm.Prompts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Generates one question per sampled passage through a chat model and keeps only questions a
 * retrieval evaluation can use.
 *
 * <p><b>Sampling.</b> Passages of at least {@code minChars} characters are shuffled with
 * {@code new Random(seed)} and taken in that order until {@code count} questions are kept or the
 * passages run out, so the same seed over the same corpus asks the same questions.
 *
 * <p><b>Filters</b> (each rejection recorded with its reason): a refusal or an answer cut at the
 * length limit; an answer that is not the JSON object asked for; {@code answerable: false}; a
 * question that repeats an earlier one (after lower-casing and removing punctuation and spaces); a
 * question that leaks its passage — it shares a run of {@code leakRun} consecutive words with it, or
 * more than {@code leakShare} of its words occur in the passage in the same order as one run; and a
 * question in the wrong language (a Korean passage whose question has no Hangul).
 */
public final class QueryGenerator {
  private final ChatModel chat;
  private final int count;
  private final long seed;
  private final int minChars;
  private final int leakRun;
  private final double leakShare;

  /**
   * @param chat the model that writes questions
   * @param count questions wanted, {@code >= 1}
   * @param seed the sampling seed
   */
  public QueryGenerator(ChatModel chat, int count, long seed) {
    this(chat, count, seed, 80, 8, 0.8);
  }

  /** The full form; see the class doc for {@code minChars}, {@code leakRun} and {@code leakShare}. */
  public QueryGenerator(ChatModel chat, int count, long seed, int minChars, int leakRun, double leakShare) {
    if (count < 1 || minChars < 0 || leakRun < 2 || !(leakShare > 0 && leakShare <= 1)) {
      throw new IllegalArgumentException("need count >= 1, minChars >= 0, leakRun >= 2, 0 < leakShare <= 1; count="
          + count + ", minChars=" + minChars + ", leakRun=" + leakRun + ", leakShare=" + leakShare);
    }
    this.chat = chat;
    this.count = count;
    this.seed = seed;
    this.minChars = minChars;
    this.leakRun = leakRun;
    this.leakShare = leakShare;
  }

  /** Generates questions for {@code passages}; {@code audit} receives one record per model answer. */
  public GeneratedSet generate(List<Passage> passages, Consumer<AuditRecord> audit) {
    List<Passage> pool = new ArrayList<>();
    for (Passage p : passages) {
      if (p.text().length() >= minChars) {
        pool.add(p);
      }
    }
    Collections.shuffle(pool, new Random(seed));
    List<GeneratedSet.Query> kept = new ArrayList<>();
    List<GeneratedSet.Rejected> rejected = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (Passage p : pool) {
      if (kept.size() == count) {
        break;
      }
      boolean ko = Prompts.isKorean(p.text());
      String user = Prompts.question(p.text(), ko);
      ChatModel.Answer a;
      try {
        a = chat.chat(List.of(new ChatModel.Message("system", Prompts.system(ko)), new ChatModel.Message("user", user)), true);
      } catch (IllegalStateException e) {
        rejected.add(new GeneratedSet.Rejected(p.id(), "", "call failed: " + e.getMessage()));
        continue;
      }
      String question = "";
      String reason;
      try {
        JsonNode n = JsonAnswers.object(a);
        JsonNode q = n.get("question");
        JsonNode ans = n.get("answerable");
        if (q == null || !q.isTextual() || q.asText().isBlank()) {
          throw new JsonAnswers.InvalidAnswerException("expected a non-blank string 'question'");
        }
        if (ans == null || !ans.isBoolean()) {
          throw new JsonAnswers.InvalidAnswerException("expected a boolean 'answerable'");
        }
        question = q.asText().strip();
        reason = check(question, ans.asBoolean(), p, ko, seen);
      } catch (JsonAnswers.InvalidAnswerException e) {
        reason = a.refusal() != null ? "refused" : "length".equals(a.finishReason()) ? "truncated" : "malformed: " + e.getMessage();
      }
      if (reason == null) {
        String id = "q" + (kept.size() + 1);
        kept.add(new GeneratedSet.Query(id, question, p.id(), ko));
        seen.put(normalize(question), id);
      } else {
        rejected.add(new GeneratedSet.Rejected(p.id(), question, reason));
      }
      audit.accept(new AuditRecord(p.id(), chat.model(), chat.temperature(), user, a.content(), a.refusal(),
          a.cached(), reason == null ? "kept" : reason));
    }
    ChatModel.Usage u = chat.usage();
    return new GeneratedSet(kept, rejected, chat.model(), chat.temperature(), u.calls(), u.cacheHits(),
        u.promptTokens(), u.completionTokens());
  }

  /**
   * One model answer, as it was: what was asked of which passage, what came back, and what was decided.
   */
  public record AuditRecord(String passageId, String model, double temperature, String prompt, String content,
      String refusal, boolean cached, String decision) {}

  private String check(String q, boolean answerable, Passage p, boolean ko, Map<String, String> seen) {
    if (!answerable) {
      return "unanswerable";
    }
    String dup = seen.get(normalize(q));
    if (dup != null) {
      return "duplicate of " + dup;
    }
    if (ko && !Prompts.isKorean(q)) {
      return "wrong language (a Korean passage, a question without Hangul)";
    }
    String leak = leak(q, p.text());
    return leak;
  }

  /** Null, or why {@code q} copies {@code passage}. */
  String leak(String q, String passage) {
    List<String> qw = words(q);
    List<String> pw = words(passage);
    if (qw.isEmpty()) {
      return "malformed: the question has no words";
    }
    int best = longestCommonRun(qw, pw);
    if (best >= leakRun) {
      return "leaks the passage: " + best + " consecutive words copied";
    }
    if (qw.size() >= 4 && best > leakShare * qw.size()) {
      return "leaks the passage: " + best + " of its " + qw.size() + " words copied in a row";
    }
    return null;
  }

  private static int longestCommonRun(List<String> a, List<String> b) {
    int best = 0;
    int[] prev = new int[b.size() + 1];
    for (int i = 1; i <= a.size(); i++) {
      int[] cur = new int[b.size() + 1];
      for (int j = 1; j <= b.size(); j++) {
        if (a.get(i - 1).equals(b.get(j - 1))) {
          cur[j] = prev[j - 1] + 1;
          best = Math.max(best, cur[j]);
        }
      }
      prev = cur;
    }
    return best;
  }

  private static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    for (int[] sp : TokenSpans.WORDS.spans(s)) {
      String w = s.substring(sp[0], sp[1]);
      if (Character.isLetterOrDigit(w.codePointAt(0))) {
        out.add(w.toLowerCase(Locale.ROOT));
      }
    }
    return out;
  }

  static String normalize(String q) {
    StringBuilder sb = new StringBuilder();
    q.toLowerCase(Locale.ROOT).codePoints().filter(Character::isLetterOrDigit).forEach(sb::appendCodePoint);
    return sb.toString();
  }
}

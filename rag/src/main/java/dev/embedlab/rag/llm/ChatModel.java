package dev.embedlab.rag.llm;

import dev.embedlab.core.Checks;
import java.util.List;

/**
 * Something that answers chat messages: the one seam query generation and LLM-judged metrics use, so
 * a test or an application can put any model behind it.
 */
public interface ChatModel {

  /** One message of a conversation: {@code system}, {@code user} or {@code assistant}. */
  record Message(String role, String content) {
    public Message {
      if (!List.of("system", "user", "assistant").contains(role)) {
        throw new IllegalArgumentException("role must be system, user or assistant; role=" + role);
      }
      Checks.notNull("content", content);
    }
  }

  /**
   * A model's answer.
   *
   * @param content the text (null when the model refused)
   * @param refusal the refusal text when the model refused, else null
   * @param finishReason {@code stop}, {@code length}, {@code content_filter}, …
   * @param promptTokens input tokens billed (0 for a cached answer's second use is NOT applied here:
   *     these are the tokens of the call that produced the answer)
   * @param completionTokens output tokens billed
   * @param cached whether the answer came from the cache (no call was made)
   */
  record Answer(String content, String refusal, String finishReason, long promptTokens, long completionTokens,
      boolean cached) {}

  /** Answers {@code messages}; {@code json} asks for a JSON object (OpenAI's {@code response_format}). */
  Answer chat(List<Message> messages, boolean json);

  /** The model's name as the endpoint knows it (recorded with every generated item). */
  String model();

  /** The sampling temperature used. */
  double temperature();

  /**
   * Counters of a chat model's work.
   *
   * @param calls requests sent (retries and cache hits not counted)
   * @param cacheHits answers served from a cache
   * @param promptTokens input tokens of the calls made
   * @param completionTokens output tokens of the calls made
   */
  record Usage(long calls, long cacheHits, long promptTokens, long completionTokens) {
    /** Nothing counted. */
    public static final Usage NONE = new Usage(0, 0, 0, 0);
  }

  /** What this model has done so far; {@link Usage#NONE} when it does not count. */
  default Usage usage() {
    return Usage.NONE;
  }
}

package dev.embedlab.rag.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Reads the JSON object a model was asked for. Models wrap JSON in Markdown fences or add a sentence
 * before it; the first {@code {…}} object of the text is taken, and anything that is not one object
 * is an {@link InvalidAnswerException} that quotes the start of the text.
 */
public final class JsonAnswers {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonAnswers() {}

  /** The model answered, but not as asked. */
  public static final class InvalidAnswerException extends RuntimeException {
    public InvalidAnswerException(String message) {
      super(message);
    }
  }

  /** The JSON object in {@code answer}, or an exception naming what was wrong. */
  public static JsonNode object(ChatModel.Answer answer) {
    if (answer.refusal() != null) {
      throw new InvalidAnswerException("the model refused: " + quote(answer.refusal()));
    }
    if ("length".equals(answer.finishReason())) {
      throw new InvalidAnswerException("the answer was cut at the length limit: " + quote(answer.content()));
    }
    String t = answer.content().strip();
    int s = t.indexOf('{');
    int e = t.lastIndexOf('}');
    if (s < 0 || e < s) {
      throw new InvalidAnswerException("expected a JSON object; found " + quote(t));
    }
    try {
      JsonNode n = JSON.readTree(t.substring(s, e + 1));
      if (n == null || !n.isObject()) {
        throw new InvalidAnswerException("expected a JSON object; found " + quote(t));
      }
      return n;
    } catch (IOException ex) {
      throw new InvalidAnswerException("expected a JSON object; the answer is not valid JSON: " + quote(t));
    }
  }

  /** A 0/1 verdict field (also accepts true/false and "yes"/"no"). */
  public static int verdict(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v != null) {
      if (v.isInt() && (v.asInt() == 0 || v.asInt() == 1)) {
        return v.asInt();
      }
      if (v.isBoolean()) {
        return v.asBoolean() ? 1 : 0;
      }
      if (v.isTextual()) {
        String s = v.asText().strip().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("1") || s.equals("yes") || s.equals("true")) {
          return 1;
        }
        if (s.equals("0") || s.equals("no") || s.equals("false")) {
          return 0;
        }
      }
    }
    throw new InvalidAnswerException("expected field '" + field + "' to be 0 or 1; found " + (v == null ? "nothing" : v.toString()));
  }

  static String quote(String s) {
    String one = s == null ? "" : s.replaceAll("\\s+", " ");
    return "\"" + (one.length() > 160 ? one.substring(0, 160) + "…" : one) + "\"";
  }
}

package dev.embedlab.models.remote;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.OptionalLong;

/** Reading helpers the protocols share: vectors placed by {@code index} or by order, and token counts. */
final class Responses {
  private Responses() {}

  /**
   * The {@code vectorField} of each item of {@code data}, placed by its {@code index} field (OpenAI,
   * Azure, Voyage: the server may answer in any order).
   */
  static JsonNode[] byIndex(JsonNode data, String dataName, int count, String vectorField) {
    if (!data.isArray() || data.size() != count) {
      throw new IllegalStateException("expected " + count + " embeddings in '" + dataName + "', found "
          + (data.isArray() ? data.size() : "none"));
    }
    JsonNode[] out = new JsonNode[count];
    for (JsonNode item : data) {
      JsonNode index = item.path("index");
      int idx = index.isIntegralNumber() && index.canConvertToInt() ? index.asInt() : -1;
      if (idx < 0 || idx >= count || out[idx] != null) {
        throw new IllegalStateException("bad or duplicate index " + snippet(index)
            + " in response; expected each of 0.." + (count - 1) + " once");
      }
      out[idx] = item.path(vectorField);
    }
    return out;
  }

  /**
   * OpenAI's list answer, which Azure and Voyage share: {@code {"data": [{"embedding", "index"}],
   * "usage": {<tokensField>}}}, vectors placed by index and the token count from {@code usage}.
   */
  static Protocol.Batch dataList(JsonNode response, int count, String tokensField) {
    JsonNode[] v = byIndex(response.path("data"), "data", count, "embedding");
    return new Protocol.Batch(v, tokens(response.path("usage").path(tokensField), "usage." + tokensField));
  }

  /** The items of {@code arr} in order, each mapped to its {@code vectorField} (or itself when null). */
  static JsonNode[] inOrder(JsonNode arr, String arrName, int count, String vectorField) {
    if (!arr.isArray() || arr.size() != count) {
      throw new IllegalStateException("expected " + count + " embeddings in '" + arrName + "', found "
          + (arr.isArray() ? arr.size() : "none"));
    }
    JsonNode[] out = new JsonNode[count];
    for (int i = 0; i < count; i++) {
      out[i] = vectorField == null ? arr.get(i) : arr.get(i).path(vectorField);
    }
    return out;
  }

  /**
   * A token count at {@code node}: empty when absent or null, else it must be a non-negative whole
   * number ({@code 12} or {@code 12.0}); a negative, fractional or non-numeric count refuses the whole
   * response, so counters are never corrupted.
   */
  static OptionalLong tokens(JsonNode node, String name) {
    if (node.isMissingNode() || node.isNull()) {
      return OptionalLong.empty();
    }
    if (node.isIntegralNumber() && node.canConvertToLong() && node.asLong() >= 0) {
      return OptionalLong.of(node.asLong());
    }
    // A whole number written as a float ("input_tokens": 12.0) is still a count.
    double d = node.isFloatingPointNumber() ? node.asDouble() : -1;
    if (d >= 0 && d == Math.rint(d) && d < 9.0e15) {
      return OptionalLong.of((long) d);
    }
    throw new IllegalStateException("'" + name + "' must be a non-negative integer; found " + snippet(node)
        + " (response refused, usage counters unchanged)");
  }

  static String snippet(JsonNode n) {
    String t = n.isMissingNode() ? "missing" : n.toString();
    return t.length() > 40 ? t.substring(0, 40) + "..." : t;
  }
}

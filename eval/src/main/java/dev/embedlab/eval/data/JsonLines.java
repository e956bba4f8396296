package dev.embedlab.eval.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;

/** Strict JSON helpers shared by the loaders. Package-private. */
final class JsonLines {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonLines() {}

  static JsonNode parseObject(Path file, long no, String line) throws MalformedDataException {
    JsonNode n;
    try {
      n = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new MalformedDataException(file, no,
          "expected one JSON object per line, found invalid JSON (" + e.getOriginalMessage() + ")", e);
    }
    if (n == null || !n.isObject()) {
      throw new MalformedDataException(file, no, "expected a JSON object, found "
          + (n == null ? "nothing" : n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
    }
    return n;
  }

  /** A required scalar field as text (numbers accepted for ids). */
  static String requiredText(Path file, long no, JsonNode obj, String field) throws MalformedDataException {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull() || !(v.isTextual() || v.isNumber())) {
      throw new MalformedDataException(file, no, "expected a string field \"" + field + "\", found "
          + (v == null ? "none" : v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
    }
    return v.asText();
  }

  /** An optional string field; "" when absent or null. */
  static String optionalText(Path file, long no, JsonNode obj, String field) throws MalformedDataException {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return "";
    }
    if (!v.isTextual() && !v.isNumber()) {
      throw new MalformedDataException(file, no, "expected field \"" + field + "\" to be a string, found "
          + v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
    }
    return v.asText();
  }
}

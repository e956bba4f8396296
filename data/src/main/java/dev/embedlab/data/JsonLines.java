package dev.embedlab.data;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embedlab.core.Embedders;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Strict JSON helpers shared by the loaders. Package-private.
 *
 * <p>Strict means: content after the one JSON value is an error (Jackson ignores it by default, so
 * a JSONL line holding two objects would silently lose the second), and a key repeated within an
 * object is an error. Parse errors are reported as {@code file:line} plus the column and Jackson's
 * own description ({@link JsonProcessingException#getOriginalMessage()}), never Jackson's full
 * message, whose {@code "Source: REDACTED"} location says nothing useful; the Jackson exception is
 * therefore not chained either.
 */
final class JsonLines {
  static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** Reads one value and leaves what follows to {@link #parseObject}, which reports it precisely. */
  private static final com.fasterxml.jackson.databind.ObjectReader ONE_VALUE =
      MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private JsonLines() {}

  /** Parses one JSONL line that must hold exactly one JSON object. */
  static JsonNode parseObject(Path file, long no, String line) throws MalformedDataException {
    JsonNode n;
    try (JsonParser p = MAPPER.createParser(line)) {
      n = ONE_VALUE.readTree(p);
      if (n != null) {
        JsonToken extra;
        long end = p.currentLocation().getColumnNr() - 1; // the object's last column
        try {
          extra = p.nextToken();
        } catch (JsonProcessingException e) {
          extra = JsonToken.NOT_AVAILABLE; // not even a token: stray characters
        }
        if (extra != null) {
          throw new MalformedDataException(file, no, "expected one JSON object per line, found more content after the object"
              + (end > 0 ? ", which ends at column " + end : "")
              + (extra == JsonToken.START_OBJECT ? " (a second object: is a line break missing?)" : ""));
        }
      }
    } catch (JsonProcessingException e) {
      throw invalid(file, no, "expected one JSON object per line", e, false);
    } catch (MalformedDataException e) {
      throw e;
    } catch (IOException e) {
      throw new MalformedDataException(file, no, "cannot parse line: " + e.getMessage());
    }
    if (n == null || !n.isObject()) {
      throw new MalformedDataException(file, no, "expected a JSON object, found "
          + (n == null ? "nothing" : n.getNodeType().toString().toLowerCase(Locale.ROOT)));
    }
    return n;
  }

  /** Parses a whole-file JSON document (one value, nothing after it). */
  static JsonNode parseDocument(Path file, String content, String expected) throws MalformedDataException {
    try {
      return MAPPER.readTree(content);
    } catch (JsonProcessingException e) {
      throw invalid(file, 0, expected, e, true);
    }
  }

  /**
   * A parse error as {@code file:line: <expected>, found invalid JSON at column C: <Jackson's
   * description>}. With {@code lineFromLocation} the line is Jackson's (whole-file parsing);
   * otherwise {@code no} (one JSONL line).
   */
  static MalformedDataException invalid(Path file, long no, String expected, JsonProcessingException e,
      boolean lineFromLocation) {
    JsonLocation loc = e.getLocation();
    long line = lineFromLocation ? (loc == null ? 0 : Math.max(0, loc.getLineNr())) : no;
    int col = loc == null ? -1 : loc.getColumnNr();
    String what = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
    // keep the report one line: Jackson's descriptions can hold line breaks and long excerpts
    what = what.replaceAll("\\s*\\R\\s*", " ");
    if (what.length() > 300) {
      what = what.substring(0, 300) + "…";
    }
    return new MalformedDataException(file, line, expected + ", found invalid JSON"
        + (col > 0 ? " at column " + col : "") + ": " + what);
  }

  /** A required scalar field as text (numbers accepted for ids). */
  static String requiredText(Path file, long no, JsonNode obj, String field) throws MalformedDataException {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull() || !(v.isTextual() || v.isNumber())) {
      throw new MalformedDataException(file, no, "expected a string field \"" + field + "\", found "
          + (v == null ? "none" : v.getNodeType().toString().toLowerCase(Locale.ROOT)));
    }
    return wellFormed(file, no, field, v.asText());
  }

  /** An optional string field; "" when absent or null. */
  static String optionalText(Path file, long no, JsonNode obj, String field) throws MalformedDataException {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return "";
    }
    if (!v.isTextual() && !v.isNumber()) {
      throw new MalformedDataException(file, no, "expected field \"" + field + "\" to be a string, found "
          + v.getNodeType().toString().toLowerCase(Locale.ROOT));
    }
    return wellFormed(file, no, field, v.asText());
  }

  /**
   * Refuses a value holding an unpaired surrogate (JSON can spell one, {@code "\\ud800"}): it has no
   * UTF-8 encoding, so two different values would be written, hashed and embedded as the same
   * {@code ?}; the {@code Embedder} boundary ({@link Embedders#checkTexts}) refuses it likewise.
   */
  static String wellFormed(Path file, long no, String field, String value) throws MalformedDataException {
    int bad = Embedders.unpairedSurrogate(value);
    if (bad >= 0) {
      throw new MalformedDataException(file, no, "expected well-formed UTF-16 in field \"" + field
          + "\", found an unpaired surrogate U+" + String.format(Locale.ROOT, "%04X", (int) value.charAt(bad))
          + " at char " + bad + " (it has no UTF-8 encoding)");
    }
    return value;
  }
}

package dev.embedlab.eval.regression;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * What the regression files and the pinned tables share: strict JSON reading with messages that name
 * the file and the field, and the shipped resource folders listed by an {@code index.txt}.
 */
final class ShippedJson {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private ShippedJson() {}

  /**
   * The JSON object in {@code json}, whose fields must all be among {@code fields}.
   *
   * @throws IllegalArgumentException naming {@code origin}: not JSON, not an object, or an unknown field
   */
  static JsonNode object(String origin, String json, Set<String> fields) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (IOException e) {
      String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw new IllegalArgumentException(origin + ": not valid JSON: " + why);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(origin + ": expected a JSON object");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!fields.contains(f)) {
        throw new IllegalArgumentException(origin + ": unknown field '" + f + "'; expected one of " + fields);
      }
    }
    return root;
  }

  /** Field {@code field} of {@code n}; throws naming {@code origin} when it is missing or null. */
  static JsonNode need(String origin, JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException(origin + ": missing field '" + field + "'");
    }
    return v;
  }

  /** Field {@code field} of {@code n} as a non-blank string; throws naming {@code origin} otherwise. */
  static String text(String origin, JsonNode n, String field) {
    JsonNode v = need(origin, n, field);
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException(origin + ": field '" + field + "' must be a non-blank string; found " + v);
    }
    return v.asText();
  }

  /**
   * The class path resource {@code dir + file} as text.
   *
   * @throws IllegalArgumentException when it does not exist
   */
  static String resource(String dir, String file) {
    try (InputStream in = ShippedJson.class.getResourceAsStream(dir + file)) {
      if (in == null) {
        throw new IllegalArgumentException("resource " + dir + file + " not found");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + dir + file, e);
    }
  }

  /** The names listed in {@code dir}'s {@code index.txt}, in order (blank lines and {@code #} comments skipped). */
  static List<String> names(String dir) {
    List<String> out = new ArrayList<>();
    for (String line : resource(dir, "index.txt").split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        out.add(line.strip());
      }
    }
    return out;
  }
}

package dev.embedlab.models;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and validates the configuration files of a sentence-transformers folder for
 * {@link OnnxEmbedder#builderFromFolder}. Package-private.
 *
 * <ul>
 *   <li>{@code 1_Pooling/config.json}: exactly one of {@code pooling_mode_cls_token},
 *       {@code pooling_mode_mean_tokens}, {@code pooling_mode_max_tokens} must be {@code true}.
 *       The modes embedlab does not implement ({@code pooling_mode_mean_sqrt_len_tokens},
 *       {@code pooling_mode_weightedmean_tokens}, {@code pooling_mode_lasttoken}, any other
 *       {@code pooling_mode_*}), several modes at once (sentence-transformers concatenates them),
 *       no mode, or a non-boolean flag are refused with the file and the modes named — silently
 *       pooling another way would give different vectors than the model was trained for.</li>
 *   <li>{@code sentence_bert_config.json}: {@code max_seq_length} absent or null keeps the
 *       default; a value that is not an integer, or is below 2 (room for {@code [CLS]} and
 *       {@code [SEP]}), is refused with the file and the value named; a value above the model's
 *       position table is lowered to it, logged once at WARN and kept as a note
 *       ({@link OnnxEmbedder#configNotes()}) saying what was read and what is used.</li>
 *   <li>{@code config.json} (the transformer's): {@code max_position_embeddings}, when present,
 *       sets the position table (minus 2 for the RoBERTa family, whose positions start after the
 *       padding index); absent, 512 is assumed. It bounds the maximum length; it is not the
 *       length sentence-transformers uses.</li>
 *   <li>Without a {@code max_seq_length}: {@code tokenizer_config.json}'s {@code model_max_length}
 *       (sentence-transformers' own fallback, {@code min(model_max_length, max_position_embeddings)};
 *       HuggingFace's "unknown" sentinel, 1e30, and other values above a million are ignored), else
 *       {@code min(512, positions)}. Either fallback is logged at WARN and kept as a note, because
 *       the model's sentence-transformers configuration may have used a shorter length (e.g. 256
 *       for all-MiniLM-L6-v2, whose tokenizer allows 512).</li>
 * </ul>
 * Problems are {@link UncheckedIOException}s (a file's content is wrong) whose message starts
 * with the file. JSON syntax errors give line and column and Jackson's own description.
 */
public final class SentenceTransformersConfig {
  private static final Logger LOG = LoggerFactory.getLogger(OnnxEmbedder.class);
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  static final int DEFAULT_POSITIONS = 512;
  private static final Map<String, Pooling> SUPPORTED = Map.of(
      "pooling_mode_cls_token", Pooling.CLS,
      "pooling_mode_mean_tokens", Pooling.MEAN,
      "pooling_mode_max_tokens", Pooling.MAX);
  /** Model types whose position ids start at padding_idx + 1 = 2 (two table rows unusable). */
  private static final Set<String> OFFSET_POSITIONS = Set.of("roberta", "xlm-roberta", "camembert",
      "mpnet", "longformer", "data2vec-text", "xlm-roberta-xl");

  /**
   * What a folder's configuration says.
   *
   * @param pooling the pooling, or null when there is no {@code 1_Pooling/config.json}
   * @param maxLength the maximum length to use
   * @param maxLengthSource where {@code maxLength} came from (file and key, or the default)
   * @param maxPositions the model's position table
   * @param notes what was read but not used as is, and fallbacks taken (empty when everything
   *     was used as read)
   */
  public record Settings(Pooling pooling, int maxLength, String maxLengthSource, int maxPositions, List<String> notes) {}

  /** Above this a {@code model_max_length} is HuggingFace's "no limit known" (1e30), not a length. */
  private static final double MODEL_MAX_LENGTH_SENTINEL = 1e6;

  private SentenceTransformersConfig() {}

  /** The position table from {@code config.json} (see the class doc), else {@value #DEFAULT_POSITIONS}. */
  static int positions(Path dir) {
    Path modelCfg = dir.resolve("config.json");
    if (Files.isRegularFile(modelCfg)) {
      JsonNode n = object(modelCfg);
      JsonNode mpe = n.get("max_position_embeddings");
      if (mpe != null && !mpe.isNull()) {
        if (!mpe.isIntegralNumber() || !mpe.canConvertToInt() || mpe.asInt() < 2) {
          throw bad(modelCfg, "expected max_position_embeddings to be an integer >= 2, found " + mpe);
        }
        String type = n.path("model_type").asText("").toLowerCase(Locale.ROOT);
        return OFFSET_POSITIONS.contains(type) && mpe.asInt() > 2 ? mpe.asInt() - 2 : mpe.asInt();
      }
    }
    return DEFAULT_POSITIONS;
  }

  /**
   * The settings of the sentence-transformers folder {@code dir} (each file optional); the Hub source
   * reads a downloaded snapshot through this too, so a folder and a Hub repo are configured alike.
   *
   * @throws java.io.UncheckedIOException when a file is invalid or asks for what embedlab cannot honour
   */
  public static Settings read(Path dir) {
    int positions = positions(dir);
    Path modelCfg = dir.resolve("config.json");
    Pooling pooling = null;
    Path poolCfg = dir.resolve("1_Pooling").resolve("config.json");
    if (Files.isRegularFile(poolCfg)) {
      pooling = pooling(poolCfg);
    }
    int maxLength = 0;
    String source = null;
    List<String> notes = new ArrayList<>();
    Path stCfg = dir.resolve("sentence_bert_config.json");
    if (Files.isRegularFile(stCfg)) {
      JsonNode v = object(stCfg).get("max_seq_length");
      if (v != null && !v.isNull()) {
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
          throw bad(stCfg, "expected max_seq_length to be an integer (tokens per text), found " + v);
        }
        int len = v.asInt();
        if (len < 2) {
          throw bad(stCfg, "expected max_seq_length >= 2 (room for [CLS] and [SEP]), found " + len);
        }
        if (len > positions) {
          String note = stCfg + ": max_seq_length=" + len + " is above the model's " + positions
              + " positions" + (Files.isRegularFile(modelCfg) ? " (" + modelCfg.getFileName() + ")" : " (assumed)")
              + "; using max_seq_length=" + positions;
          LOG.warn(note);
          notes.add(note);
          len = positions;
        }
        maxLength = len;
        source = stCfg + " max_seq_length";
      }
    }
    if (maxLength == 0) {
      String bound = Files.isRegularFile(modelCfg) ? "max_position_embeddings of " + modelCfg.getFileName()
          : "assumed " + DEFAULT_POSITIONS + " positions";
      Path tokCfg = dir.resolve("tokenizer_config.json");
      JsonNode mml = Files.isRegularFile(tokCfg) ? object(tokCfg).get("model_max_length") : null;
      if (mml != null && mml.isNumber() && mml.asDouble() >= 2 && mml.asDouble() < MODEL_MAX_LENGTH_SENTINEL) {
        maxLength = Math.min((int) mml.asDouble(), positions);
        source = tokCfg + " model_max_length=" + mml.asText() + " (no max_seq_length in sentence_bert_config.json;"
            + " bounded by " + bound + ")";
      } else {
        maxLength = Math.min(DEFAULT_POSITIONS, positions);
        source = "default min(512, " + bound + ") (no max_seq_length in sentence_bert_config.json, no usable"
            + " model_max_length in tokenizer_config.json)";
      }
      String note = dir + ": maxLength=" + maxLength + " from " + source
          + "; the model's sentence-transformers configuration may use fewer tokens (set maxLength to match)";
      LOG.warn(note);
      notes.add(note);
    }
    return new Settings(pooling, maxLength, source, positions, List.copyOf(notes));
  }

  private static Pooling pooling(Path file) {
    JsonNode n = object(file);
    List<String> on = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().startsWith("pooling_mode_")) {
        continue;
      }
      JsonNode v = e.getValue();
      if (!v.isBoolean()) {
        throw bad(file, "expected " + e.getKey() + " to be true or false, found " + v);
      }
      if (v.asBoolean()) {
        on.add(e.getKey());
      }
    }
    JsonNode mode = n.get("pooling_mode"); // the constructor argument, when a config spells it
    if (mode != null && mode.isTextual()) {
      String key = switch (mode.asText()) {
        case "cls" -> "pooling_mode_cls_token";
        case "mean" -> "pooling_mode_mean_tokens";
        case "max" -> "pooling_mode_max_tokens";
        default -> "pooling_mode=" + mode.asText();
      };
      if (!on.contains(key)) {
        on.add(key);
      }
    }
    String supported = "embedlab pools with exactly one of pooling_mode_cls_token, "
        + "pooling_mode_mean_tokens, pooling_mode_max_tokens";
    if (on.isEmpty()) {
      throw bad(file, "expected one pooling mode set to true, found none; " + supported);
    }
    if (on.size() > 1) {
      throw bad(file, "expected one pooling mode, found " + on.size() + " at once (" + String.join(", ", on)
          + "; sentence-transformers would concatenate them); " + supported);
    }
    Pooling p = SUPPORTED.get(on.get(0));
    if (p == null) {
      throw bad(file, "the model asks for " + on.get(0) + ", which embedlab does not implement; " + supported
          + " (pooling another way would give other vectors than the model was trained for)");
    }
    return p;
  }

  static JsonNode object(Path file) {
    JsonNode n;
    try {
      n = JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      String where = loc == null || loc.getLineNr() < 1 ? "" : ":" + loc.getLineNr() + ":" + loc.getColumnNr();
      throw new UncheckedIOException(file + where + ": expected a JSON object, found invalid JSON: "
          + e.getOriginalMessage(), new IOException(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (n == null || !n.isObject()) {
      throw bad(file, "expected a JSON object, found " + (n == null ? "nothing"
          : n.getNodeType().toString().toLowerCase(Locale.ROOT)));
    }
    return n;
  }

  static UncheckedIOException bad(Path file, String problem) {
    String msg = file + ": " + problem;
    return new UncheckedIOException(msg, new IOException(msg));
  }
}

package dev.embedlab.models;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what {@link OnnxCrossEncoder#builderFromFolder} needs from a sentence-transformers
 * CrossEncoder folder. Package-private.
 *
 * <ul>
 *   <li>{@code config.json} (HuggingFace {@code *ForSequenceClassification}): the number of labels
 *       ({@code num_labels}, else the size of {@code id2label}); the position table
 *       ({@code max_position_embeddings}, via {@link SentenceTransformersConfig}); the activation
 *       sentence-transformers stores, {@code sentence_transformers.activation_fn} (v4+) or the
 *       older {@code sbert_ce_default_activation_function}.</li>
 *   <li>{@code config_sentence_transformers.json}: {@code activation_fn} (v5 writes it there);
 *       it wins over {@code config.json}'s.</li>
 *   <li>{@code tokenizer_config.json}: {@code model_max_length}, the length sentence-transformers
 *       truncates pairs at when no {@code max_length} is given; bounded by the position table.</li>
 * </ul>
 * Problems are {@link UncheckedIOException}s whose message starts with the file.
 */
final class CrossEncoderConfig {

  /** Fully qualified names sentence-transformers writes for the activations embedlab applies. */
  static final String SIGMOID = "torch.nn.modules.activation.Sigmoid";
  static final String IDENTITY = "torch.nn.modules.linear.Identity";

  /**
   * @param numLabels labels of the classification head, or 0 when the folder does not say
   * @param activation the stored activation's class name, or null when none is stored
   * @param activationSource the file it was read from, or null
   * @param maxLength the tokenizer's {@code model_max_length} bounded by the positions, or 0
   * @param maxPositions the model's position table
   * @param notes what was read but not used as is
   */
  record Settings(int numLabels, String activation, Path activationSource, int maxLength, int maxPositions,
      List<String> notes) {}

  private CrossEncoderConfig() {}

  static Settings read(Path dir) {
    int positions = SentenceTransformersConfig.positions(dir);
    List<String> notes = new ArrayList<>();
    int labels = 0;
    String activation = null;
    Path activationSource = null;
    Path cfg = dir.resolve("config.json");
    if (Files.isRegularFile(cfg)) {
      JsonNode n = SentenceTransformersConfig.object(cfg);
      JsonNode nl = n.get("num_labels");
      JsonNode id2label = n.get("id2label");
      if (nl != null && !nl.isNull()) {
        if (!nl.isIntegralNumber() || !nl.canConvertToInt() || nl.asInt() < 1) {
          throw SentenceTransformersConfig.bad(cfg, "expected num_labels to be an integer >= 1, found " + nl);
        }
        labels = nl.asInt();
      } else if (id2label != null && !id2label.isNull()) {
        if (!id2label.isObject() || id2label.size() < 1) {
          throw SentenceTransformersConfig.bad(cfg, "expected id2label to be an object with one entry per label,"
              + " found " + id2label);
        }
        labels = id2label.size();
      }
      JsonNode st = n.path("sentence_transformers").get("activation_fn");
      JsonNode legacy = n.get("sbert_ce_default_activation_function");
      if (st != null && !st.isNull()) {
        activation = text(cfg, "sentence_transformers.activation_fn", st);
        activationSource = cfg;
      } else if (legacy != null && !legacy.isNull()) {
        activation = text(cfg, "sbert_ce_default_activation_function", legacy);
        activationSource = cfg;
      }
    }
    Path stCfg = dir.resolve("config_sentence_transformers.json");
    if (Files.isRegularFile(stCfg)) {
      JsonNode a = SentenceTransformersConfig.object(stCfg).get("activation_fn");
      if (a != null && !a.isNull()) {
        activation = text(stCfg, "activation_fn", a);
        activationSource = stCfg;
      }
    }
    int maxLength = 0;
    Path tokCfg = dir.resolve("tokenizer_config.json");
    if (Files.isRegularFile(tokCfg)) {
      JsonNode m = SentenceTransformersConfig.object(tokCfg).get("model_max_length");
      // transformers writes 1e30 ("no limit") for tokenizers without one: then the positions rule.
      if (m != null && m.isIntegralNumber() && m.canConvertToInt() && m.asInt() >= 2) {
        maxLength = m.asInt();
        if (maxLength > positions) {
          notes.add(tokCfg + ": model_max_length=" + maxLength + " is above the model's " + positions
              + " positions; using " + positions);
          maxLength = positions;
        }
      }
    }
    return new Settings(labels, activation, activationSource, maxLength, positions, List.copyOf(notes));
  }

  private static String text(Path file, String key, JsonNode v) {
    if (!v.isTextual() || v.asText().isBlank()) {
      throw SentenceTransformersConfig.bad(file, "expected " + key + " to be a class name such as " + SIGMOID
          + ", found " + v);
    }
    return v.asText();
  }
}

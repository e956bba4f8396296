package dev.embedlab.models;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * What {@link OnnxEmbedder} needs from a HuggingFace {@code tokenizer.json} beyond what DJL's
 * tokenizer exposes: the padding token id (XLM-R/SentencePiece vocabularies pad with
 * {@code <pad>} = 1, BERT with {@code [PAD]} = 0) and the tokenizer model type
 * ({@code Unigram}, {@code WordPiece}, {@code BPE}, ...). Read with a streaming parser, so the
 * 250k-piece XLM-R vocabulary is never built as a tree.
 *
 * @param padId the padding id: {@code padding.pad_id} when the file pins padding, else the id of an
 *     added token or vocabulary entry named {@code <pad>} or {@code [PAD]}; {@code -1} when none
 * @param modelType {@code model.type}, or {@code Unigram} for an untyped list vocabulary; {@code null}
 *     when unknown
 * @param maxId the largest id the tokenizer can emit (vocabulary and added tokens); {@code -1}
 *     when the file lists none. The model's embedding table must have more rows than this.
 */
record TokenizerJsonInfo(int padId, String modelType, int maxId) {

  private static final Set<String> PAD_NAMES = Set.of("<pad>", "[PAD]");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Parses {@code file}; an {@link IOException} names it and what was expected. */
  static TokenizerJsonInfo read(Path file) throws IOException {
    int paddingId = -1;
    int addedPad = -1;
    int vocabPad = -1;
    String type = null;
    boolean listVocab = false;
    int[] maxId = {-1};
    try (JsonParser jp = new JsonFactory().createParser(file.toFile())) {
      if (jp.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("tokenizer " + file + ": expected a JSON object (HuggingFace tokenizer.json)");
      }
      while (jp.nextToken() == JsonToken.FIELD_NAME) {
        String field = jp.currentName();
        JsonToken value = jp.nextToken();
        switch (field) {
          case "padding" -> {
            JsonNode n = MAPPER.readTree(jp);
            if (n != null && n.path("pad_id").isInt()) {
              paddingId = n.get("pad_id").asInt();
            }
          }
          case "added_tokens" -> {
            JsonNode n = MAPPER.readTree(jp);
            if (n != null && n.isArray()) {
              for (JsonNode t : n) {
                if (PAD_NAMES.contains(t.path("content").asText()) && t.path("id").isInt()) {
                  addedPad = t.get("id").asInt();
                }
                if (t.path("id").isInt()) {
                  maxId[0] = Math.max(maxId[0], t.get("id").asInt());
                }
              }
            }
          }
          case "model" -> {
            if (value != JsonToken.START_OBJECT) {
              jp.skipChildren();
              break;
            }
            while (jp.nextToken() == JsonToken.FIELD_NAME) {
              String m = jp.currentName();
              JsonToken v = jp.nextToken();
              if ("type".equals(m) && v == JsonToken.VALUE_STRING) {
                type = jp.getText();
              } else if ("vocab".equals(m) && v == JsonToken.START_ARRAY) {
                listVocab = true;
                vocabPad = scanListVocab(jp, maxId);
              } else if ("vocab".equals(m) && v == JsonToken.START_OBJECT) {
                vocabPad = scanMapVocab(jp, maxId);
              } else {
                jp.skipChildren();
              }
            }
          }
          default -> jp.skipChildren();
        }
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException("tokenizer " + file + ": expected a HuggingFace tokenizer.json, "
          + "cannot parse it: " + e.getOriginalMessage(), e);
    }
    if (type == null && listVocab) {
      type = "Unigram"; // only Unigram stores its vocabulary as a [piece, score] list
    }
    int pad = paddingId >= 0 ? paddingId : addedPad >= 0 ? addedPad : vocabPad;
    return new TokenizerJsonInfo(pad, type, maxId[0]);
  }

  /** Unigram vocabulary {@code [[piece, logprob], ...]}: the id is the position. */
  private static int scanListVocab(JsonParser jp, int[] maxId) throws IOException {
    int pad = -1;
    int i = 0;
    while (jp.nextToken() == JsonToken.START_ARRAY) {
      if (jp.nextToken() == JsonToken.VALUE_STRING && pad < 0 && PAD_NAMES.contains(jp.getText())) {
        pad = i;
      }
      while (jp.currentToken() != JsonToken.END_ARRAY) {
        jp.nextToken();
      }
      i++;
    }
    maxId[0] = Math.max(maxId[0], i - 1);
    return pad;
  }

  /** WordPiece/BPE vocabulary {@code {piece: id, ...}}. */
  private static int scanMapVocab(JsonParser jp, int[] maxId) throws IOException {
    int pad = -1;
    while (jp.nextToken() == JsonToken.FIELD_NAME) {
      String piece = jp.currentName();
      jp.nextToken();
      if (jp.currentToken() == JsonToken.VALUE_NUMBER_INT) {
        int id = jp.getIntValue();
        maxId[0] = Math.max(maxId[0], id);
        if (pad < 0 && PAD_NAMES.contains(piece)) {
          pad = id;
        }
      }
    }
    return pad;
  }
}

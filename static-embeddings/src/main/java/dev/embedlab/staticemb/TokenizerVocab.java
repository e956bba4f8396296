package dev.embedlab.staticemb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The vocabulary of a HuggingFace {@code tokenizer.json}: every token string by id (model vocabulary
 * and added tokens), the unknown token's id and the ids of special tokens. Reads the three model
 * types static models meet: {@code WordPiece} and {@code BPE} (vocabulary as a {@code token -> id}
 * map) and {@code Unigram} (vocabulary as a list of {@code [piece, score]} in id order, {@code unk_id}).
 *
 * @param modelType {@code WordPiece}, {@code Unigram}, {@code BPE} or {@code WordLevel}
 * @param tokens token string of each id; an id the file does not name is {@code null}
 * @param unkId the unknown token's id, or -1 when the model has none
 * @param specialIds ids of added tokens marked {@code "special": true} ({@code [CLS]}, {@code <s>}, ...)
 * @param continuationPrefix the WordPiece continuation prefix ({@code "##"}) or {@code ""}
 */
public record TokenizerVocab(String modelType, List<String> tokens, int unkId, Set<Integer> specialIds,
    String continuationPrefix) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Validates and copies. */
  public TokenizerVocab {
    tokens = Collections.unmodifiableList(new ArrayList<>(tokens));
    specialIds = Set.copyOf(specialIds);
    if (unkId < -1 || unkId >= tokens.size()) {
      throw new IllegalArgumentException("unkId must be -1 or a token id < " + tokens.size() + "; unkId=" + unkId);
    }
  }

  /** Number of ids ({@code max id + 1}). */
  public int size() {
    return tokens.size();
  }

  /** Parses {@code tokenizer.json} bytes; {@code source} names the file in errors. */
  public static TokenizerVocab parse(byte[] json, String source) throws IOException {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IOException(source + ": not valid JSON: " + e.getMessage(), e);
    }
    JsonNode model = root == null ? null : root.get("model");
    if (model == null || !model.isObject()) {
      throw new IOException(source + ": expected a HuggingFace tokenizer.json with a \"model\" object");
    }
    String type = model.path("type").asText("");
    JsonNode vocab = model.get("vocab");
    List<String> tokens = new ArrayList<>();
    int unk = -1;
    String prefix = "";
    if (type.equals("Unigram")) {
      if (vocab == null || !vocab.isArray()) {
        throw new IOException(source + ": Unigram model needs vocab as a list of [piece, score]");
      }
      for (JsonNode e : vocab) {
        tokens.add(e.path(0).asText());
      }
      unk = model.path("unk_id").isInt() ? model.get("unk_id").asInt() : -1;
    } else if (type.equals("WordPiece") || type.equals("BPE") || type.equals("WordLevel")) {
      if (vocab == null || !vocab.isObject()) {
        throw new IOException(source + ": " + type + " model needs vocab as a {token: id} map");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        put(tokens, e.getValue().asInt(-1), e.getKey(), source);
      }
      String unkToken = model.path("unk_token").isTextual() ? model.get("unk_token").asText() : null;
      if (unkToken != null && vocab.has(unkToken)) {
        unk = vocab.get(unkToken).asInt();
      }
      if (type.equals("WordPiece")) {
        prefix = model.path("continuing_subword_prefix").asText("##");
      }
    } else {
      throw new IOException(source + ": tokenizer model type " + type
          + " not supported; expected WordPiece, Unigram, BPE or WordLevel");
    }
    Set<Integer> special = new HashSet<>();
    JsonNode added = root.get("added_tokens");
    if (added != null && added.isArray()) {
      for (JsonNode a : added) {
        int id = a.path("id").asInt(-1);
        put(tokens, id, a.path("content").asText(), source);
        if (a.path("special").asBoolean(false)) {
          special.add(id);
        }
      }
    }
    return new TokenizerVocab(type, tokens, unk, special, prefix);
  }

  private static void put(List<String> tokens, int id, String token, String source) throws IOException {
    if (id < 0 || id > 10_000_000) {
      throw new IOException(source + ": token " + token + " has id " + id + ", expected 0..10000000");
    }
    while (tokens.size() <= id) {
      tokens.add(null);
    }
    tokens.set(id, token);
  }

  /**
   * The text a token stands for when it is a whole input: the WordPiece continuation prefix and the
   * SentencePiece word-start mark {@code ▁} (and byte-level BPE's {@code Ġ}) removed. Used to embed a
   * single token with a text-in teacher.
   */
  public String surface(int id) {
    String t = tokens.get(id);
    if (t == null) {
      return "";
    }
    if (!continuationPrefix.isEmpty() && t.startsWith(continuationPrefix) && t.length() > continuationPrefix.length()) {
      return t.substring(continuationPrefix.length());
    }
    if (modelType.equals("Unigram") || modelType.equals("BPE")) {
      return t.replace('▁', ' ').replace('Ġ', ' ').strip();
    }
    return t;
  }

  @Override
  public String toString() {
    return "TokenizerVocab[" + modelType + ", " + tokens.size() + " ids, unk=" + unkId + ", special="
        + Arrays.toString(specialIds.stream().sorted().toArray()) + "]";
  }
}

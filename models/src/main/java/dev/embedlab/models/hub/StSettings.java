package dev.embedlab.models.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embedlab.models.KnownConfig;
import dev.embedlab.models.Pooling;
import dev.embedlab.models.SentenceTransformersConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a sentence-transformers repo's configuration asks for, so that its ONNX export embeds as
 * {@code SentenceTransformer(repo)} does with no flags:
 *
 * <ul>
 *   <li>{@code modules.json}: a {@code Normalize} module means L2-normalised vectors, its absence
 *       raw ones; the {@code Pooling} module's folder holds the pooling config. A module the ONNX
 *       export of the transformer does not contain and embedlab does not apply ({@code Dense},
 *       {@code LayerNorm}, …) is refused, naming it: the vectors would differ from the model's.
 *       No {@code modules.json} at all (not a sentence-transformers repo): mean pooling and no
 *       normalisation, which is what sentence-transformers builds for a plain transformer.</li>
 *   <li>{@code 1_Pooling/config.json}, {@code sentence_bert_config.json} ({@code max_seq_length})
 *       and {@code config.json} ({@code max_position_embeddings}): read by
 *       {@link SentenceTransformersConfig}, with its checks.</li>
 *   <li>{@code config_sentence_transformers.json} {@code prompts}: the query prefix is the
 *       {@code query} prompt; the document prefix the {@code document}, else {@code passage}, else
 *       {@code corpus} prompt (the names sentence-transformers' {@code encode_document} tries);
 *       either falls back to the {@code default_prompt_name}'s prompt, which {@code encode} applies
 *       to every text.</li>
 * </ul>
 *
 * @param pooling how token states become one vector
 * @param normalize whether vectors are L2-normalised
 * @param maxLength tokens per text, special tokens included
 * @param maxPositions the model's position table
 * @param queryPrefix prepended to queries
 * @param documentPrefix prepended to documents
 * @param notes what was read but could not be used as is
 */
public record StSettings(Pooling pooling, boolean normalize, int maxLength, int maxPositions, String queryPrefix,
    String documentPrefix, List<String> notes) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ST = "sentence_transformers.models.";

  public StSettings {
    notes = List.copyOf(notes);
  }

  /** The files that carry this configuration, in the order they are read. */
  static final List<String> FILES = List.of("modules.json", "config.json", "sentence_bert_config.json",
      "config_sentence_transformers.json", "1_Pooling/config.json");

  /** Reads the configuration files present in {@code dir}. */
  public static StSettings read(Path dir) {
    List<String> notes = new ArrayList<>();
    boolean normalize = false;
    Path modules = dir.resolve("modules.json");
    if (Files.isRegularFile(modules)) {
      JsonNode list = json(modules);
      if (!list.isArray()) {
        throw bad(modules, "expected a JSON array of modules, found " + list.getNodeType());
      }
      for (JsonNode m : list) {
        String type = m.path("type").asText("");
        String path = m.path("path").asText("");
        switch (type.startsWith(ST) ? type.substring(ST.length()) : type) {
          case "Transformer" -> { }
          case "Normalize" -> normalize = true;
          case "Pooling" -> {
            if (!path.equals("1_Pooling")) {
              throw bad(modules, "the Pooling module is in '" + path + "'; embedlab reads pooling from 1_Pooling");
            }
          }
          default -> throw bad(modules, "module " + m.path("idx").asText("?") + " '" + path + "' is " + type
              + ", which the ONNX export of the transformer does not contain and embedlab does not apply;"
              + " its vectors would differ from the model's (embedlab runs Transformer, Pooling and Normalize)");
        }
      }
    } else {
      notes.add("no modules.json: not a sentence-transformers repo; pooling "
          + (Files.isRegularFile(dir.resolve("1_Pooling/config.json")) ? "from 1_Pooling/config.json" : "mean")
          + ", no normalisation (what sentence-transformers builds for a plain transformer)");
    }
    SentenceTransformersConfig.Settings cfg = SentenceTransformersConfig.read(dir);
    notes.addAll(cfg.notes());
    int maxLength = cfg.maxLength() > 0 ? cfg.maxLength() : Math.min(512, cfg.maxPositions());
    String query = "";
    String document = "";
    Path stCfg = dir.resolve("config_sentence_transformers.json");
    if (Files.isRegularFile(stCfg)) {
      JsonNode n = json(stCfg);
      JsonNode prompts = n.path("prompts");
      if (!prompts.isMissingNode() && !prompts.isNull() && !prompts.isObject()) {
        throw bad(stCfg, "expected prompts to be an object of name -> text, found " + prompts.getNodeType());
      }
      String dflt = n.path("default_prompt_name").isTextual() ? prompts.path(n.path("default_prompt_name").asText()).asText(null) : null;
      query = firstText(prompts, dflt, "query");
      document = firstText(prompts, dflt, "document", "passage", "corpus");
    }
    Path pool = dir.resolve("1_Pooling/config.json");
    if (Files.isRegularFile(pool) && json(pool).path("include_prompt").isBoolean()
        && !json(pool).path("include_prompt").asBoolean() && !(query + document).isEmpty()) {
      notes.add(pool + ": include_prompt=false (prompt tokens left out of the pooling) is not supported;"
          + " the prompt's tokens are pooled too");
    }
    Path sbert = dir.resolve("sentence_bert_config.json");
    if (Files.isRegularFile(sbert) && json(sbert).path("do_lower_case").asBoolean(false)) {
      notes.add(sbert + ": do_lower_case=true (sentence-transformers lower-cases texts first) is not applied;"
          + " the tokenizer's own normaliser decides");
    }
    Pooling pooling = cfg.pooling() != null ? cfg.pooling() : Pooling.MEAN;
    return new StSettings(pooling, normalize, maxLength, cfg.maxPositions(), query, document, notes);
  }

  /**
   * These settings, with the prefixes the model card prescribes when the repo's configuration
   * gives no prompts at all: the e5 family ({@code intfloat/e5-*}, {@code intfloat/multilingual-e5-*},
   * not the instruct models) was trained with {@code "query: "}/{@code "passage: "} and most of its
   * repos predate sentence-transformers prompts; a {@link KnownConfig} entry's prefixes likewise.
   * Said in {@link #notes()}.
   */
  public StSettings withCardPrefixes(String repo) {
    if (!queryPrefix.isEmpty() || !documentPrefix.isEmpty()) {
      return this;
    }
    String q = null;
    String d = null;
    for (KnownConfig c : KnownConfig.values()) {
      if (c.huggingFaceName().equalsIgnoreCase(repo) && !(c.queryPrefix() + c.documentPrefix()).isEmpty()) {
        q = c.queryPrefix();
        d = c.documentPrefix();
      }
    }
    String lower = repo.toLowerCase(java.util.Locale.ROOT);
    if (q == null && lower.matches("intfloat/(multilingual-)?e5-(small|base|large)(-v2)?")) {
      q = "query: ";
      d = "passage: ";
    }
    if (q == null) {
      return this;
    }
    List<String> n = new ArrayList<>(notes);
    n.add("config_sentence_transformers.json gives no prompts; using the model card's prefixes for " + repo
        + ": query '" + q + "', document '" + d + "'");
    return new StSettings(pooling, normalize, maxLength, maxPositions, q, d, n);
  }

  private static String firstText(JsonNode prompts, String fallback, String... names) {
    for (String name : names) {
      JsonNode v = prompts.path(name);
      if (v.isTextual()) {
        return v.asText();
      }
    }
    return fallback == null ? "" : fallback;
  }

  private static JsonNode json(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": expected JSON: " + e.getMessage(), e);
    }
  }

  private static UncheckedIOException bad(Path file, String problem) {
    String msg = file + ": " + problem;
    return new UncheckedIOException(msg, new IOException(msg));
  }
}

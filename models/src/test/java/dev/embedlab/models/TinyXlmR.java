package dev.embedlab.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embedlab.models.OnnxGraph.Msg;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a tiny XLM-R-shaped sentence-transformer export into a folder, the way an
 * {@code optimum}/sentence-transformers ONNX export of multilingual-e5 or bge-m3 looks:
 *
 * <ul>
 *   <li>{@code model.onnx}: inputs {@code input_ids} and {@code attention_mask} only (optionally
 *       {@code token_type_ids}, as BERT-architecture exports declare it), output
 *       {@code last_hidden_state [batch, seq, 384]} computed like XLM-R's embedding layer:
 *       {@code h[t] = W[input_ids[t]] + P[pos[t]]} with RoBERTa position ids
 *       {@code pos = cumsum(ids != pad) * (ids != pad) + pad} (real tokens get 2, 3, ...; padding
 *       gets 1). {@link #word} and {@link #position} give the weights, so tests can pool by hand.
 *   <li>{@code tokenizer.json}: a real HuggingFace SentencePiece Unigram tokenizer (NFKC + space
 *       squeezing normaliser, {@code Metaspace "▁"} pre-tokenizer and decoder, {@code <s> ... </s>}
 *       post-processor, vocabulary in XLM-R's fairseq order {@code <s>=0 <pad>=1 </s>=2 <unk>=3}
 *       with log-probability scores), including Hangul pieces whose Viterbi segmentation differs
 *       from greedy longest match ({@code ▁서울은} is in the vocabulary but scores worse than
 *       {@code ▁서울 + 은}).
 *   <li>{@code sentence_bert_config.json} ({@code max_seq_length} 512) and
 *       {@code 1_Pooling/config.json} (mean pooling), as multilingual-e5-small ships them.
 * </ul>
 * The graph is hand-encoded protobuf (opset 11), as in {@link TinyOnnx}; about 1 MB, written in
 * milliseconds.
 */
final class TinyXlmR {
  private TinyXlmR() {}

  /** Hidden size: multilingual-e5-small's, so the catalog's dimension check applies unchanged. */
  static final int HIDDEN = 384;
  /** Rows of the position table: 512 usable positions + the two RoBERTa offsets (like 514). */
  static final int POSITIONS = 514;
  static final int PAD = 1;

  private static final int FLOAT = 1;
  private static final int INT64 = 7;

  /** Vocabulary in id order: piece -> log probability (SentencePiece score). */
  static final Map<String, Double> VOCAB = vocab();
  private static final List<String> PIECES = new ArrayList<>(VOCAB.keySet());

  private static Map<String, Double> vocab() {
    Map<String, Double> v = new LinkedHashMap<>();
    v.put("<s>", 0.0);
    v.put("<pad>", 0.0);
    v.put("</s>", 0.0);
    v.put("<unk>", 0.0);
    v.put("▁", -3.0);
    // Korean: Viterbi picks ▁서울+은 (-9) over the single piece ▁서울은 (-20) and over ▁서+울+은 (-17).
    v.put("▁서울", -5.0);
    v.put("은", -4.0);
    v.put("▁서울은", -20.0);
    v.put("▁서", -6.0);
    v.put("울", -7.0);
    v.put("▁한국", -5.0);
    v.put("의", -3.0);
    v.put("▁한", -5.0);
    v.put("국", -6.0);
    v.put("▁수도", -6.0);
    v.put("입니다", -5.0);
    v.put("▁수", -6.0);
    v.put("도", -5.0);
    v.put("입", -7.0);
    v.put("니다", -5.0);
    v.put("서", -9.0);
    v.put("한", -9.0);
    v.put("수", -9.0);
    v.put("니", -9.0);
    v.put("다", -9.0);
    v.put("▁김치", -7.0);
    v.put("를", -4.0);
    v.put("▁좋아", -7.0);
    v.put("해요", -6.0);
    // English
    v.put("▁Seoul", -6.0);
    v.put("▁is", -4.0);
    v.put("▁the", -3.0);
    v.put("▁capital", -7.0);
    v.put("▁of", -3.0);
    v.put("▁Korea", -6.0);
    v.put("▁K", -8.0);
    v.put("orea", -9.0);
    v.put(".", -3.0);
    for (char c = 'a'; c <= 'z'; c++) {
      v.put(String.valueOf(c), -10.0);
    }
    // e5 prefixes "query: " / "passage: "
    v.put("▁query", -8.0);
    v.put("▁passage", -8.0);
    v.put(":", -4.0);
    v.put("<mask>", 0.0);
    return v;
  }

  /** The id of {@code piece}; fails on a piece not in the vocabulary. */
  static int id(String piece) {
    int i = PIECES.indexOf(piece);
    if (i < 0) {
      throw new IllegalArgumentException("piece not in the tiny vocabulary: " + piece);
    }
    return i;
  }

  /** Ids of {@code pieces} in order. */
  static long[] ids(String... pieces) {
    long[] out = new long[pieces.length];
    for (int i = 0; i < pieces.length; i++) {
      out[i] = id(pieces[i]);
    }
    return out;
  }

  /** Word-embedding weight {@code W[token][j]}. */
  static float word(int token, int j) {
    return (float) Math.sin(0.37 * (token + 1) + 0.011 * (j + 1) * (token % 7 + 1));
  }

  /** Position-embedding weight {@code P[pos][j]}. */
  static float position(int pos, int j) {
    return (float) (0.25 * Math.cos(0.013 * pos * (j + 1) + 0.5 * j));
  }

  /**
   * sentence-transformers' vector for one text's ids (special tokens included, no padding): mean
   * (or the first row for {@code cls}) of {@code h[t] = W[ids[t]] + P[t + 2]}, float additions as
   * ONNX Runtime does them, then L2-normalised.
   */
  static float[] expected(long[] ids, boolean cls) {
    double[] acc = new double[HIDDEN];
    int n = cls ? 1 : ids.length;
    for (int t = 0; t < n; t++) {
      for (int j = 0; j < HIDDEN; j++) {
        float h = word((int) ids[t], j) + position(t + 2, j);
        acc[j] += h;
      }
    }
    float[] v = new float[HIDDEN];
    double s = 0;
    for (int j = 0; j < HIDDEN; j++) {
      v[j] = (float) (acc[j] / n);
      s += (double) v[j] * v[j];
    }
    double inv = 1.0 / Math.sqrt(s);
    for (int j = 0; j < HIDDEN; j++) {
      v[j] = (float) (v[j] * inv);
    }
    return v;
  }

  /**
   * Writes {@code model.onnx}, {@code tokenizer.json}, {@code sentence_bert_config.json} and
   * {@code 1_Pooling/config.json} into {@code dir} (created if needed).
   *
   * @param withTokenTypeIds declare an (unused) {@code token_type_ids} input, as BERT-architecture
   *     exports with the XLM-R tokenizer (paraphrase-multilingual-MiniLM, multilingual-e5-small) do
   * @param legacyTokenizer write the pre-0.19 {@code tokenizers} serialisation most published
   *     XLM-R files use ({@code Metaspace add_prefix_space}, {@code RobertaProcessing}) instead of
   *     the current one ({@code prepend_scheme}, {@code TemplateProcessing})
   */
  static Path writeFolder(Path dir, boolean withTokenTypeIds, boolean legacyTokenizer)
      throws IOException {
    Files.createDirectories(dir.resolve("1_Pooling"));
    writeGraph(dir.resolve("model.onnx"), withTokenTypeIds);
    Files.writeString(dir.resolve("tokenizer.json"), tokenizerJson(legacyTokenizer));
    Files.writeString(dir.resolve("sentence_bert_config.json"),
        "{\n  \"max_seq_length\": 512,\n  \"do_lower_case\": false\n}\n");
    Files.writeString(dir.resolve("1_Pooling").resolve("config.json"),
        "{\n  \"word_embedding_dimension\": " + HIDDEN + ",\n  \"pooling_mode_cls_token\": false,\n"
            + "  \"pooling_mode_mean_tokens\": true,\n  \"pooling_mode_max_tokens\": false,\n"
            + "  \"pooling_mode_mean_sqrt_len_tokens\": false\n}\n");
    return dir;
  }

  // ------------------------------------------------------------------ tokenizer.json

  static String tokenizerJson(boolean legacy) throws IOException {
    ObjectMapper om = new ObjectMapper();
    ObjectNode root = om.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    for (String special : List.of("<s>", "<pad>", "</s>", "<unk>", "<mask>")) {
      added.addObject().put("id", id(special)).put("content", special).put("single_word", false)
          .put("lstrip", special.equals("<mask>")).put("rstrip", false).put("normalized", false)
          .put("special", true);
    }
    ObjectNode norm = root.putObject("normalizer").put("type", "Sequence");
    ArrayNode norms = norm.putArray("normalizers");
    norms.addObject().put("type", "NFKC");
    ObjectNode squeeze = norms.addObject().put("type", "Replace");
    squeeze.putObject("pattern").put("Regex", " {2,}");
    squeeze.put("content", " ");
    root.set("pre_tokenizer", metaspace(om, legacy));
    if (legacy) {
      ObjectNode pp = root.putObject("post_processor").put("type", "RobertaProcessing");
      pp.putArray("sep").add("</s>").add(id("</s>"));
      pp.putArray("cls").add("<s>").add(id("<s>"));
      pp.put("trim_offsets", true).put("add_prefix_space", true);
    } else {
      ObjectNode pp = root.putObject("post_processor").put("type", "TemplateProcessing");
      ArrayNode single = pp.putArray("single");
      special(single, "<s>");
      single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
      special(single, "</s>");
      ArrayNode pair = pp.putArray("pair");
      special(pair, "<s>");
      pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
      special(pair, "</s>");
      special(pair, "</s>");
      pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 0);
      special(pair, "</s>");
      ObjectNode st = pp.putObject("special_tokens");
      for (String s : List.of("<s>", "</s>")) {
        ObjectNode e = st.putObject(s).put("id", s);
        e.putArray("ids").add(id(s));
        e.putArray("tokens").add(s);
      }
    }
    root.set("decoder", metaspace(om, legacy));
    ObjectNode model = root.putObject("model").put("type", "Unigram").put("unk_id", id("<unk>"));
    ArrayNode vocab = model.putArray("vocab");
    for (Map.Entry<String, Double> e : VOCAB.entrySet()) {
      vocab.addArray().add(e.getKey()).add(e.getValue());
    }
    model.put("byte_fallback", false);
    return om.writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }

  private static ObjectNode metaspace(ObjectMapper om, boolean legacy) {
    ObjectNode m = om.createObjectNode().put("type", "Metaspace").put("replacement", "▁");
    if (legacy) {
      m.put("add_prefix_space", true);
    } else {
      m.put("prepend_scheme", "always").put("split", true);
    }
    return m;
  }

  private static void special(ArrayNode template, String token) {
    template.addObject().putObject("SpecialToken").put("id", token).put("type_id", 0);
  }

  // ------------------------------------------------------------------ model.onnx

  private static void writeGraph(Path file, boolean withTokenTypeIds) throws IOException {
    int vocab = VOCAB.size();
    float[] words = new float[vocab * HIDDEN];
    for (int i = 0; i < vocab; i++) {
      for (int j = 0; j < HIDDEN; j++) {
        words[i * HIDDEN + j] = word(i, j);
      }
    }
    float[] positions = new float[POSITIONS * HIDDEN];
    for (int p = 0; p < POSITIONS; p++) {
      for (int j = 0; j < HIDDEN; j++) {
        positions[p * HIDDEN + j] = position(p, j);
      }
    }
    Msg graph = new Msg()
        .msg(1, node("Equal", "is_pad", "input_ids", "pad_id"))
        .msg(1, node("Not", "not_pad", "is_pad"))
        .msg(1, node("Cast", "real", "not_pad")
            .msg(5, new Msg().str(1, "to").varint(3, INT64).varint(20, 2)))
        .msg(1, node("CumSum", "count", "real", "seq_axis"))
        .msg(1, node("Mul", "counted", "count", "real"))
        .msg(1, node("Add", "position_ids", "counted", "pad_id"))
        .msg(1, node("Gather", "word_emb", "word_embeddings", "input_ids"))
        .msg(1, node("Gather", "pos_emb", "position_embeddings", "position_ids"))
        .msg(1, node("Add", OnnxEmbedder.HIDDEN_STATE_OUTPUT, "word_emb", "pos_emb"))
        .str(2, "tiny-xlm-r")
        .msg(5, floatTensor("word_embeddings", words, vocab, HIDDEN))
        .msg(5, floatTensor("position_embeddings", positions, POSITIONS, HIDDEN))
        .msg(5, longScalar("pad_id", PAD))
        .msg(5, longScalar("seq_axis", 1))
        .msg(11, valueInfo("input_ids", INT64, "batch", "seq"))
        .msg(11, valueInfo("attention_mask", INT64, "batch", "seq"));
    if (withTokenTypeIds) {
      graph.msg(11, valueInfo("token_type_ids", INT64, "batch", "seq"));
    }
    graph.msg(12, valueInfo(OnnxEmbedder.HIDDEN_STATE_OUTPUT, FLOAT, "batch", "seq", HIDDEN));
    Msg model = new Msg().varint(1, 7).str(2, "embedlab-test").msg(7, graph)
        .msg(8, new Msg().str(1, "").varint(2, 11));
    Files.write(file, model.bytes());
  }

  private static Msg node(String op, String output, String... inputs) {
    Msg n = new Msg();
    for (String in : inputs) {
      n.str(1, in);
    }
    return n.str(2, output).str(3, output + "_" + op).str(4, op);
  }

  private static Msg floatTensor(String name, float[] data, long... dims) {
    ByteBuffer raw = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : data) {
      raw.putFloat(f);
    }
    Msg t = new Msg();
    for (long d : dims) {
      t.varint(1, d);
    }
    return t.varint(2, FLOAT).str(8, name).bytes(9, raw.array());
  }

  private static Msg longScalar(String name, long value) {
    ByteBuffer raw = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
    return new Msg().varint(2, INT64).str(8, name).bytes(9, raw.array());
  }

  /** A tensor value info; a dim is a name (dynamic) or an Integer (fixed). */
  private static Msg valueInfo(String name, int elemType, Object... dims) {
    Msg shape = new Msg();
    for (Object d : dims) {
      shape.msg(1, d instanceof Integer n ? new Msg().varint(1, n) : new Msg().str(2, (String) d));
    }
    Msg tensor = new Msg().varint(1, elemType).msg(2, shape);
    return new Msg().str(1, name).msg(2, new Msg().msg(1, tensor));
  }
}

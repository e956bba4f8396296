package dev.embedlab.models;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Generated tiny models as the files of a Hub repo (path in the repo → bytes), for the Hub tests in
 * {@code dev.embedlab.models.hub}, built from the package's fixtures {@link TinyOnnx} and
 * {@link TinyXlmR}.
 */
public final class HubTestModels {
  private HubTestModels() {}

  /**
   * A BERT/WordPiece-shaped repo: {@code onnx/model.onnx} is {@link TinyOnnx}'s graph (hidden size 1,
   * the hidden state of token t is its id; declares {@code token_type_ids}), {@code tokenizer.json}
   * the real all-MiniLM-L6-v2 WordPiece tokenizer ({@code [CLS]}=101, hello=7592, world=2088,
   * {@code [SEP]}=102), {@code config.json} a BERT config with 512 positions. No
   * sentence-transformers files: callers add the ones a test needs.
   */
  public static Map<String, byte[]> bert(Path scratch) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    Files.createDirectories(scratch);
    Path onnx = TinyOnnx.write(scratch.resolve("bert-tiny.onnx"), OnnxEmbedder.HIDDEN_STATE_OUTPUT, true);
    files.put("onnx/model.onnx", Files.readAllBytes(onnx));
    try (InputStream in = HubTestModels.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2-q-tokenizer.json")) {
      if (in == null) {
        throw new IOException("test resource all-minilm-l6-v2-q-tokenizer.json is not on the class path");
      }
      files.put("tokenizer.json", in.readAllBytes());
    }
    files.put("config.json", "{\"model_type\": \"bert\", \"max_position_embeddings\": 512, \"hidden_size\": 1}".getBytes());
    return files;
  }

  /** {@link TinyOnnx}'s graph without the {@code token_type_ids} input: other bytes, same hidden states. */
  public static byte[] bertWithoutTokenTypes(Path scratch) throws IOException {
    Files.createDirectories(scratch);
    return Files.readAllBytes(TinyOnnx.write(scratch.resolve("bert-tiny-no-types.onnx"), OnnxEmbedder.HIDDEN_STATE_OUTPUT, false));
  }

  /**
   * An XLM-R/Unigram-shaped repo from {@link TinyXlmR#writeFolder} (no {@code token_type_ids}, hidden
   * size 384, SentencePiece tokenizer, mean pooling, max_seq_length 512), with the graph moved to
   * {@code onnx/model.onnx} as sentence-transformers' ONNX backend saves it.
   */
  public static Map<String, byte[]> xlmr(Path scratch) throws IOException {
    Path dir = TinyXlmR.writeFolder(scratch, false, false);
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        String rel = dir.relativize(p).toString().replace('\\', '/');
        files.put(rel.equals("model.onnx") ? "onnx/model.onnx" : rel, Files.readAllBytes(p));
      }
    }
    return files;
  }

  /** sentence-transformers' normalised mean-pooled vector for the XLM-R repo given the pieces between {@code <s>} and {@code </s>}. */
  public static float[] xlmrExpected(String... pieces) {
    String[] all = new String[pieces.length + 2];
    all[0] = "<s>";
    System.arraycopy(pieces, 0, all, 1, pieces.length);
    all[all.length - 1] = "</s>";
    return TinyXlmR.expected(TinyXlmR.ids(all), false);
  }
}

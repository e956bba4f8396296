package dev.embedlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sentence-transformers folder configuration on tiny folders made here ({@link TinyOnnx} graph,
 * real all-MiniLM tokenizer): nonsense {@code max_seq_length} and unsupported pooling modes are
 * refused naming the file; values above the position table are lowered, said and kept as a note.
 */
class FolderConfigTest {
  @TempDir static Path dir;
  static Path tokenizer;
  static int n;

  @BeforeAll
  static void tokenizer() throws IOException {
    tokenizer = dir.resolve("tokenizer.json");
    try (InputStream in = FolderConfigTest.class.getClassLoader()
        .getResourceAsStream("all-minilm-l6-v2-q-tokenizer.json")) {
      Files.copy(in, tokenizer);
    }
  }

  /** A model folder with the given files (name → content); null content = absent. */
  static Path folder(String... nameContent) throws IOException {
    Path f = Files.createDirectories(dir.resolve("model-" + n++));
    TinyOnnx.write(f.resolve("model.onnx"), "last_hidden_state", true);
    Files.copy(tokenizer, f.resolve("tokenizer.json"));
    for (int i = 0; i < nameContent.length; i += 2) {
      Path p = f.resolve(nameContent[i]);
      Files.createDirectories(p.getParent());
      Files.writeString(p, nameContent[i + 1]);
    }
    return f;
  }

  static String pool(String... trueModes) {
    StringBuilder sb = new StringBuilder("{\"word_embedding_dimension\": 1");
    for (String m : List.of("cls_token", "mean_tokens", "max_tokens", "mean_sqrt_len_tokens",
        "weightedmean_tokens", "lasttoken")) {
      sb.append(", \"pooling_mode_").append(m).append("\": ").append(List.of(trueModes).contains(m));
    }
    return sb.append(", \"include_prompt\": true}").toString();
  }

  static String message(Path folder) {
    return assertThrows(UncheckedIOException.class, () -> OnnxEmbedder.builderFromFolder(folder)).getMessage();
  }

  @Test
  void nonsenseMaxSeqLengthIsRefusedNamingFileAndValue() throws IOException {
    for (String v : List.of("\"abc\"", "\"256\"", "3.5", "true", "0", "-1", "1", "1e10", "[512]")) {
      Path f = folder("sentence_bert_config.json", "{\"max_seq_length\": " + v + ", \"do_lower_case\": false}");
      String m = message(f);
      assertTrue(m.startsWith(f.resolve("sentence_bert_config.json") + ": expected max_seq_length"), v + " -> " + m);
      assertTrue(m.contains("found " + v.replace("1e10", "1.0E10")), v + " -> " + m);
    }
    Path absent = folder("sentence_bert_config.json", "{\"max_seq_length\": null}");
    try (OnnxEmbedder e = OnnxEmbedder.fromFolder(absent)) {
      assertEquals(512, e.maxLength(), "null = not configured");
      assertTrue(e.maxLengthSource().startsWith("default min(512"), e.maxLengthSource());
      assertEquals(1, e.configNotes().size(), "a default length is said, not silent");
    }
  }

  /**
   * Issue 19: without sentence_bert_config.json the length is sentence-transformers' fallback,
   * tokenizer_config.json's model_max_length bounded by config.json's positions, and its source
   * is always visible (maxLengthSource, configNotes, provenance).
   */
  @Test
  void withoutSentenceBertConfigTheLengthComesFromTheTokenizerConfigAndIsSaid() throws IOException {
    Path f = folder("tokenizer_config.json", "{\"model_max_length\": 256}",
        "config.json", "{\"model_type\": \"bert\", \"max_position_embeddings\": 512}");
    try (OnnxEmbedder e = OnnxEmbedder.fromFolder(f)) {
      assertEquals(256, e.maxLength());
      assertTrue(e.maxLengthSource().startsWith(f.resolve("tokenizer_config.json") + " model_max_length=256"),
          e.maxLengthSource());
      assertEquals(1, e.configNotes().size());
      assertTrue(e.configNotes().get(0).contains("maxLength=256"), e.configNotes().toString());
      assertEquals(e.maxLengthSource(), String.valueOf(e.provenance().params().get("maxLengthSource")));
      assertTrue(e.toString().contains("maxLength=256 (" + f.resolve("tokenizer_config.json")), e.toString());
    }
    Path bounded = folder("tokenizer_config.json", "{\"model_max_length\": 1024}",
        "config.json", "{\"model_type\": \"bert\", \"max_position_embeddings\": 128}");
    try (OnnxEmbedder e = OnnxEmbedder.fromFolder(bounded)) {
      assertEquals(128, e.maxLength(), "max_position_embeddings bounds the length");
    }
    Path sentinel = folder("tokenizer_config.json", "{\"model_max_length\": 1000000000000000019884624838656}",
        "config.json", "{\"model_type\": \"bert\", \"max_position_embeddings\": 512}");
    try (OnnxEmbedder e = OnnxEmbedder.fromFolder(sentinel)) {
      assertEquals(512, e.maxLength(), "transformers' 'no limit' sentinel is not a length");
      assertTrue(e.maxLengthSource().startsWith("default"), e.maxLengthSource());
    }
    Path configured = folder("sentence_bert_config.json", "{\"max_seq_length\": 200}",
        "tokenizer_config.json", "{\"model_max_length\": 512}");
    try (OnnxEmbedder e = OnnxEmbedder.fromFolder(configured)) {
      assertEquals(200, e.maxLength());
      assertEquals(configured.resolve("sentence_bert_config.json") + " max_seq_length", e.maxLengthSource());
      assertTrue(e.configNotes().isEmpty(), "the sentence-transformers length needs no note");
    }
    try (OnnxEmbedder e = OnnxEmbedder.builderFromFolder(configured).maxLength(64).build()) {
      assertEquals("builder maxLength(64)", e.maxLengthSource());
    }
  }

  @Test
  void maxSeqLengthAboveThePositionTableIsLoweredSaidAndKept() throws IOException {
    Path f = folder("sentence_bert_config.json", "{\"max_seq_length\": 100000}",
        "config.json", "{\"model_type\": \"bert\", \"max_position_embeddings\": 512}");
    try (OnnxEmbedder e = OnnxEmbedder.fromFolder(f)) {
      assertEquals(512, e.maxLength());
      assertEquals(List.of(f.resolve("sentence_bert_config.json") + ": max_seq_length=100000 is above the model's"
          + " 512 positions (config.json); using max_seq_length=512"), e.configNotes());
      assertTrue(e.toString().contains("max_seq_length=100000"), e.toString());
    }
    Path roberta = folder("sentence_bert_config.json", "{\"max_seq_length\": 514}",
        "config.json", "{\"model_type\": \"xlm-roberta\", \"max_position_embeddings\": 514}");
    try (OnnxEmbedder e = OnnxEmbedder.fromFolder(roberta)) {
      assertEquals(512, e.maxLength(), "RoBERTa family: two position rows before the first token");
      assertEquals(1, e.configNotes().size());
    }
    Path longer = folder("sentence_bert_config.json", "{\"max_seq_length\": 1024}",
        "config.json", "{\"model_type\": \"nomic_bert\", \"max_position_embeddings\": 2048}");
    try (OnnxEmbedder e = OnnxEmbedder.fromFolder(longer)) {
      assertEquals(1024, e.maxLength(), "a longer position table is honoured");
      assertTrue(e.configNotes().isEmpty());
    }
    Path noConfig = folder("sentence_bert_config.json", "{\"max_seq_length\": 600}");
    try (OnnxEmbedder e = OnnxEmbedder.fromFolder(noConfig)) {
      assertEquals(512, e.maxLength());
      assertTrue(e.configNotes().get(0).contains("512 positions (assumed)"), e.configNotes().toString());
    }
    Path okay = folder("sentence_bert_config.json", "{\"max_seq_length\": 128}");
    try (OnnxEmbedder e = OnnxEmbedder.fromFolder(okay)) {
      assertEquals(128, e.maxLength());
      assertTrue(e.configNotes().isEmpty());
      assertFalse(e.toString().contains("config notes"));
    }
  }

  @Test
  void unsupportedPoolingIsRefusedNamingFolderAndMode() throws IOException {
    for (String mode : List.of("lasttoken", "weightedmean_tokens", "mean_sqrt_len_tokens")) {
      Path f = folder("1_Pooling/config.json", pool(mode));
      String m = message(f);
      assertTrue(m.startsWith(f.resolve("1_Pooling").resolve("config.json") + ": the model asks for pooling_mode_"
          + mode + ", which embedlab does not implement"), m);
    }
    Path two = folder("1_Pooling/config.json", pool("cls_token", "mean_tokens"));
    String m = message(two);
    assertTrue(m.contains("expected one pooling mode, found 2 at once (pooling_mode_cls_token, pooling_mode_mean_tokens"), m);
    Path none = folder("1_Pooling/config.json", pool());
    assertTrue(message(none).contains("expected one pooling mode set to true, found none"), message(none));
    Path notBool = folder("1_Pooling/config.json", "{\"pooling_mode_cls_token\": \"yes\"}");
    assertTrue(message(notBool).contains("expected pooling_mode_cls_token to be true or false, found \"yes\""));
    Path broken = folder("1_Pooling/config.json", "{\"pooling_mode_cls_token\": tru}");
    m = message(broken);
    assertTrue(m.startsWith(broken.resolve("1_Pooling").resolve("config.json") + ":1:"), m);
    assertFalse(m.contains("REDACTED"), m);

    for (String[] ok : new String[][] {{"cls_token", "CLS"}, {"mean_tokens", "MEAN"}, {"max_tokens", "MAX"}}) {
      Path f = folder("1_Pooling/config.json", pool(ok[0]));
      try (OnnxEmbedder e = OnnxEmbedder.fromFolder(f)) {
        assertEquals(Pooling.valueOf(ok[1]), e.pooling());
      }
    }
  }
}

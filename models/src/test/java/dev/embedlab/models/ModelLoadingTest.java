package dev.embedlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
 * Load-time validation and pooling arithmetic on hand-made graphs whose "hidden state" at token t
 * is {@code input_ids[t]} (see {@link TinyOnnx}), with the real all-MiniLM tokenizer:
 * "hello world" = [CLS]=101, hello=7592, world=2088, [SEP]=102.
 */
class ModelLoadingTest {

  @TempDir static Path dir;
  static Path tokenizer;

  @BeforeAll
  static void tokenizer() throws IOException {
    tokenizer = dir.resolve("tokenizer.json");
    try (InputStream in = ModelLoadingTest.class.getClassLoader()
        .getResourceAsStream("all-minilm-l6-v2-q-tokenizer.json")) {
      Files.copy(in, tokenizer);
    }
  }

  @Test
  void poolingIsComputedOverRealTokensOnly() throws IOException {
    Path m = TinyOnnx.write(dir.resolve("ids-xlmr-style.onnx"), "last_hidden_state", false);
    List<String> texts = List.of("hello world", "hello world hello world hello world");
    try (OnnxEmbedder mean = OnnxEmbedder.builder(m, tokenizer).normalize(false).build();
        OnnxEmbedder cls = OnnxEmbedder.builder(m, tokenizer).pooling(Pooling.CLS).normalize(false).build();
        OnnxEmbedder max = OnnxEmbedder.builder(m, tokenizer).pooling(Pooling.MAX).normalize(false).build()) {
      assertFalse(mean.feedsTokenTypeIds(), "graph without token_type_ids is not fed one");
      assertEquals(1, mean.dimension());
      // batched with a longer text: padding (id 0) must not enter the mean
      float[][] v = mean.embed(texts);
      assertEquals((101 + 7592 + 2088 + 102) / 4.0, v[0][0], 1e-3);
      assertEquals((101 + 3 * (7592 + 2088) + 102) / 8.0, v[1][0], 1e-3);
      assertEquals(2, mean.usage().texts());
      assertEquals(12, mean.usage().tokens());
      assertEquals(1, mean.usage().batches());
      assertEquals(101f, cls.embed(texts)[0][0]);
      assertEquals(7592f, max.embed(texts)[0][0]);
      assertEquals((101 + 102) / 2.0, mean.embed(List.of(""))[0][0], 1e-6, "empty = [CLS][SEP]");
    }
  }

  @Test
  void truncationHonoursMaxLengthNotTheTokenizerJson() throws IOException {
    Path m = TinyOnnx.write(dir.resolve("ids.onnx"), "last_hidden_state", true);
    try (OnnxEmbedder e = OnnxEmbedder.builder(m, tokenizer).pooling(Pooling.MAX).maxLength(3)
        .normalize(false).build()) {
      assertTrue(e.feedsTokenTypeIds());
      // [CLS] hello [SEP]: world is cut, so the max is hello's id
      assertEquals(7592f, e.embed(List.of("hello world"))[0][0]);
      assertEquals(1, e.usage().truncatedTexts());
      assertArrayEquals(new int[] {3, 3}, e.tokenCounts(List.of("hello world", "a"), dev.embedlab.core.Embedder.Role.DOCUMENT));
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 600; i++) {
      sb.append("word ");
    }
    try (OnnxEmbedder e = OnnxEmbedder.builder(m, tokenizer).build()) { // tokenizer.json pins 128
      e.embed(List.of(sb.toString()));
      assertEquals(512, e.usage().tokens());
    }
    assertThrows(IllegalArgumentException.class,
        () -> OnnxEmbedder.builder(m, tokenizer).maxLength(513).build());
    assertThrows(IllegalArgumentException.class,
        () -> OnnxEmbedder.builder(m, tokenizer).maxLength(1).build());
  }

  @Test
  void graphWithoutAnEmbeddingOutputIsRejectedNamingPathAndExpectation() throws IOException {
    Path m = TinyOnnx.write(dir.resolve("logits-only.onnx"), "logits", true);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OnnxEmbedder.builder(m, tokenizer).build());
    assertTrue(e.getMessage().contains(m.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("expected output 'last_hidden_state'"), e.getMessage());
    assertTrue(e.getMessage().contains("'sentence_embedding'"), e.getMessage());
    assertTrue(e.getMessage().contains("found outputs [logits]"), e.getMessage());
  }

  @Test
  void sentenceEmbeddingOfTheWrongRankIsRejected() throws IOException {
    Path m = TinyOnnx.write(dir.resolve("pooled-rank3.onnx"), "sentence_embedding", true);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OnnxEmbedder.builder(m, tokenizer).build());
    assertTrue(e.getMessage().contains("'sentence_embedding' to be a FLOAT tensor of rank 2"), e.getMessage());
  }

  /** Issue 19: an export that includes pooling is run for its pooled output, not refused. */
  @Test
  void graphThatPoolsItselfIsUsedThroughSentenceEmbedding() throws IOException {
    Path pooled = TinyOnnx.writePooled(dir.resolve("pooled.onnx"));
    Path hidden = TinyOnnx.write(dir.resolve("hidden.onnx"), "last_hidden_state", true);
    List<String> texts = List.of("hello world", "a", "the quick brown fox jumps", "");
    try (OnnxEmbedder p = OnnxEmbedder.builder(pooled, tokenizer).normalize(false).build();
        OnnxEmbedder h = OnnxEmbedder.builder(hidden, tokenizer).pooling(Pooling.MAX).normalize(false).build()) {
      assertTrue(p.pooledByGraph());
      assertFalse(h.pooledByGraph());
      assertEquals(1, p.dimension());
      float[][] a = p.embed(texts);
      float[][] b = h.embed(texts);
      for (int i = 0; i < texts.size(); i++) {
        assertArrayEquals(b[i], a[i], "text " + i + ": the graph's max pooling equals embedlab's");
      }
      assertTrue(p.fingerprint().endsWith(";output=sentence_embedding"), p.fingerprint());
      assertTrue(p.fingerprint().contains(";pooling=graph;"), p.fingerprint());
      assertEquals("graph", String.valueOf(p.provenance().params().get("pooling")));
    }
    try (OnnxEmbedder n = OnnxEmbedder.builder(pooled, tokenizer).build()) {
      float[] v = n.embed(List.of("hello world"))[0];
      assertEquals(1.0f, v[0], 1e-6f, "still L2-normalised per the builder");
    }
  }

  @Test
  void hiddenSizeIsChecked() throws IOException {
    Path m = TinyOnnx.write(dir.resolve("dim1.onnx"), "last_hidden_state", true);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OnnxEmbedder.builder(m, tokenizer).expectedDimension(384).build());
    assertTrue(e.getMessage().contains("expected hidden size 384") && e.getMessage().contains("found 1"),
        e.getMessage());
  }

  @Test
  void missingAndCorruptFilesNameThePath() throws IOException {
    Path missing = dir.resolve("nope.onnx");
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> OnnxEmbedder.builder(missing, tokenizer).build());
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("expected an ONNX"), e.getMessage());

    Path corrupt = Files.write(dir.resolve("corrupt.onnx"), new byte[] {0x13, 0x37, 0x42, 0x00, 0x7f});
    UncheckedIOException c = assertThrows(UncheckedIOException.class,
        () -> OnnxEmbedder.builder(corrupt, tokenizer).build());
    assertTrue(c.getMessage().contains(corrupt.toString()), c.getMessage());

    Path m = TinyOnnx.write(dir.resolve("ok.onnx"), "last_hidden_state", true);
    Path badTok = Files.writeString(dir.resolve("bad-tokenizer.json"), "{not json");
    RuntimeException t = assertThrows(RuntimeException.class, () -> OnnxEmbedder.builder(m, badTok).build());
    assertTrue(t.getMessage().contains(badTok.toString()), t.getMessage());
  }

  @Test
  void folderLoadingReadsSentenceTransformersConfig() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("st-folder"));
    TinyOnnx.write(folder.resolve("model.onnx"), "last_hidden_state", true);
    Files.copy(tokenizer, folder.resolve("tokenizer.json"));
    Files.createDirectories(folder.resolve("1_Pooling"));
    Files.writeString(folder.resolve("1_Pooling/config.json"),
        "{\"word_embedding_dimension\": 1, \"pooling_mode_cls_token\": true, \"pooling_mode_mean_tokens\": false}");
    Files.writeString(folder.resolve("sentence_bert_config.json"), "{\"max_seq_length\": 64}");
    try (OnnxEmbedder e = OnnxEmbedder.fromFolder(folder)) {
      assertEquals(Pooling.CLS, e.pooling());
      assertEquals(64, e.maxLength());
      assertEquals("st-folder", e.id());
    }
    assertThrows(UncheckedIOException.class, () -> OnnxEmbedder.fromFolder(dir.resolve("absent")));
  }
}

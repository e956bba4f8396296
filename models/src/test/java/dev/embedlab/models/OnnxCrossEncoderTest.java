package dev.embedlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.UsageReporting.Usage;
import dev.embedlab.models.TinyCrossEncoder.Spec;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OnnxCrossEncoder} on a generated cross-encoder-shaped graph ({@link TinyCrossEncoder}:
 * the logit is the sum of {@code (id mod 17) - 8} over the document segment) with the real BERT
 * tokenizer of all-MiniLM-L6-v2, so every score below is computed by hand from the token ids.
 */
class OnnxCrossEncoderTest {

  private static final String Q = "what is a cat";
  private static final String D = "the cat sat on the mat";
  /** {@code [CLS] what is a cat [SEP] the cat sat on the mat [SEP]} in the BERT uncased vocabulary. */
  private static final long[] PAIR_IDS = {101, 2054, 2003, 1037, 4937, 102, 1996, 4937, 2938, 2006, 1996, 13523, 102};
  private static final long[] PAIR_TYPES = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1};

  @TempDir
  Path tmp;

  private Path folder(String name, Spec spec, String config) throws Exception {
    return TinyCrossEncoder.writeFolder(tmp.resolve(name), spec, config);
  }

  private OnnxCrossEncoder.Builder raw(Spec spec) throws Exception {
    Path dir = folder("raw-" + Math.abs(spec.hashCode()), spec, null);
    return OnnxCrossEncoder.builder(dir.resolve("model.onnx"), dir.resolve("tokenizer.json")).sigmoid(false)
        .intraOpThreads(1);
  }

  @Test
  void pairTokenisationIsClsQuerySepDocumentSepWithSegmentTypeIds() throws Exception {
    try (OnnxCrossEncoder ce = raw(Spec.standard()).build()) {
      OnnxCrossEncoder.PairEncoding e = ce.encode(Q, List.of(D)).get(0);
      assertArrayEquals(PAIR_IDS, e.ids());
      assertArrayEquals(PAIR_TYPES, e.typeIds(), "0 over [CLS] q [SEP], 1 over d [SEP]");
      assertFalse(e.truncated());
      assertTrue(ce.feedsTokenTypeIds());
      // By hand, W = (id mod 17) - 8 over the: -1, cat: -1, sat: 6, on: -8, the: -1, mat: 0, [SEP]: -8.
      assertArrayEquals(new double[] {-13}, ce.score(Q, List.of(D)));
      assertEquals(new Usage(1, 13, 0, 1), ce.usage());
    }
  }

  @Test
  void scoresComeBackInCandidateOrderWhateverTheBatching() throws Exception {
    String[] words = {"cat", "dog", "the", "a", "mat", "sat", "on", "blue", "red", "fast", "car", "fish"};
    Random rnd = new Random(42);
    List<String> docs = new ArrayList<>();
    for (int i = 0; i < 37; i++) {
      StringBuilder sb = new StringBuilder();
      int len = 1 + rnd.nextInt(25);
      for (int w = 0; w < len; w++) {
        sb.append(w > 0 ? " " : "").append(words[rnd.nextInt(words.length)]);
      }
      docs.add(sb.toString());
    }
    docs.add(""); // [CLS] q [SEP] [SEP]: only the last [SEP] is in the second segment
    try (OnnxCrossEncoder small = raw(Spec.standard()).tokenBudget(64).build();
        OnnxCrossEncoder big = raw(Spec.standard()).tokenBudget(100_000).build()) {
      double[] got = small.score(Q, docs);
      List<OnnxCrossEncoder.PairEncoding> enc = small.encode(Q, docs);
      for (int i = 0; i < docs.size(); i++) {
        OnnxCrossEncoder.PairEncoding e = enc.get(i);
        assertEquals(TinyCrossEncoder.logit(e.ids(), e.typeIds(), 0, true), got[i], "document " + i + ": " + docs.get(i));
        assertEquals(small.score(Q, List.of(docs.get(i)))[0], got[i], "alone equals batched, document " + i);
      }
      assertEquals(-8.0, got[docs.size() - 1], "empty document: its [SEP] only");
      assertArrayEquals(got, big.score(Q, docs), "one batch equals many");
      assertTrue(small.usage().batches() > 1 + docs.size(), "the small budget cut the batch; " + small.usage());
      assertEquals(1, big.usage().batches());
      assertEquals(docs.size(), big.usage().texts());
      assertArrayEquals(new double[0], big.score(Q, List.of()));
    }
  }

  @Test
  void truncationCutsTheDocumentNotTheQuery() throws Exception {
    String longDoc = "the cat sat on the mat and the dog sat on the cat all day long";
    try (OnnxCrossEncoder ce = raw(Spec.standard()).maxLength(12).build()) {
      OnnxCrossEncoder.PairEncoding e = ce.encode(Q, List.of(longDoc)).get(0);
      // [CLS] what is a cat [SEP] (6) + the cat sat on the (5) + [SEP] = 12.
      assertArrayEquals(new long[] {101, 2054, 2003, 1037, 4937, 102, 1996, 4937, 2938, 2006, 1996, 102}, e.ids());
      assertArrayEquals(new long[] {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1}, e.typeIds());
      assertTrue(e.truncated());
      // -1 - 1 + 6 - 8 - 1 - 8
      assertArrayEquals(new double[] {-13}, ce.score(Q, List.of(longDoc)));
      assertEquals(1, ce.usage().truncatedTexts());
      assertEquals(0, ce.queriesTooLong());

      // A query that leaves no room for a document token falls back to longest_first.
      String longQuery = "what is the cat that sat on the mat all day long today";
      OnnxCrossEncoder.PairEncoding f = ce.encode(longQuery, List.of(longDoc)).get(0);
      assertEquals(12, f.ids().length);
      assertEquals(102, f.ids()[11]);
      assertTrue(Arrays.stream(f.typeIds()).anyMatch(t -> t == 1), "the document keeps some tokens");
      double[] s = ce.score(longQuery, List.of(longDoc, "cat"));
      assertEquals(2, s.length);
      assertEquals(1, ce.queriesTooLong());
    }
  }

  @Test
  void sigmoidOnOffAndTheFolderDefault() throws Exception {
    double logit = -13;
    try (OnnxCrossEncoder on = raw(Spec.standard()).sigmoid(true).build();
        OnnxCrossEncoder off = raw(Spec.standard()).sigmoid(false).build()) {
      assertEquals(logit, off.score(Q, List.of(D))[0]);
      assertEquals(1 / (1 + Math.exp(13)), on.score(Q, List.of(D))[0], 1e-18);
    }
    // One label, no stored activation: sentence-transformers applies Sigmoid.
    try (OnnxCrossEncoder ce = OnnxCrossEncoder.fromFolder(folder("st-default", Spec.standard(),
        TinyCrossEncoder.config(1, null, null)))) {
      assertTrue(ce.sigmoid());
      assertEquals("st-default", ce.id());
      assertEquals(512, ce.maxLength());
    }
    // Stored Identity (pre-v4 key) and stored Sigmoid (v4 key) are honoured.
    try (OnnxCrossEncoder ce = OnnxCrossEncoder.fromFolder(folder("legacy-identity", Spec.standard(),
        TinyCrossEncoder.config(1, "sbert_ce_default_activation_function", CrossEncoderConfig.IDENTITY)))) {
      assertFalse(ce.sigmoid());
      assertEquals(logit, ce.score(Q, List.of(D))[0]);
    }
    Path v5 = folder("v5", Spec.standard(),
        TinyCrossEncoder.config(1, "sentence_transformers", CrossEncoderConfig.IDENTITY));
    Files.writeString(v5.resolve("config_sentence_transformers.json"),
        "{\"activation_fn\": \"" + CrossEncoderConfig.SIGMOID + "\", \"model_type\": \"CrossEncoder\"}");
    try (OnnxCrossEncoder ce = OnnxCrossEncoder.fromFolder(v5)) {
      assertTrue(ce.sigmoid(), "config_sentence_transformers.json wins");
    }
    // An activation embedlab does not implement is refused unless the caller chooses.
    Path tanh = folder("tanh", Spec.standard(),
        TinyCrossEncoder.config(1, "sentence_transformers", "torch.nn.modules.activation.Tanh"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxCrossEncoder.fromFolder(tanh));
    assertTrue(e.getMessage().contains("Tanh") && e.getMessage().contains("config.json"), e.getMessage());
    try (OnnxCrossEncoder ce = OnnxCrossEncoder.builderFromFolder(tanh).sigmoid(false).build()) {
      assertEquals(logit, ce.score(Q, List.of(D))[0]);
    }
  }

  @Test
  void severalLabelsNeedAnExplicitIndex() throws Exception {
    Path two = folder("nli", Spec.standard().labels(2), TinyCrossEncoder.config(2, null, null));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxCrossEncoder.fromFolder(two));
    assertTrue(e.getMessage().contains("2 labels") && e.getMessage().contains("labelIndex"), e.getMessage());
    try (OnnxCrossEncoder ce = OnnxCrossEncoder.builderFromFolder(two).labelIndex(1).build()) {
      assertFalse(ce.sigmoid(), "several labels: identity, as sentence-transformers");
      // W[id, 1] = id mod 5 over the, cat, sat, on, the, mat, [SEP]: 1 + 2 + 3 + 1 + 1 + 3 + 2
      assertArrayEquals(new double[] {13}, ce.score(Q, List.of(D)));
    }
    assertThrows(IllegalArgumentException.class, () -> OnnxCrossEncoder.builderFromFolder(two).labelIndex(2).build());
    Path mismatch = folder("mismatch", Spec.standard(), TinyCrossEncoder.config(3, null, null));
    IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> OnnxCrossEncoder.fromFolder(mismatch));
    assertTrue(m.getMessage().contains("config.json declares 3 labels"), m.getMessage());
  }

  @Test
  void tokenTypeIdsAreFedOnlyWhenDeclared() throws Exception {
    try (OnnxCrossEncoder ce = raw(Spec.standard().withoutTokenTypeIds()).tokenBudget(20).build()) {
      assertFalse(ce.feedsTokenTypeIds());
      // The graph sums over every real token: the query and specials count too, padding does not.
      // [CLS] 101: 8, what 2054: 6, is 2003: 6, a 1037: -8, cat 4937: -1, [SEP] 102: -8 (sum 3), then -13.
      double[] s = ce.score(Q, List.of(D, "cat"));
      assertEquals(3 - 13, s[0]);
      assertEquals(3 - 1 - 8, s[1], "padded in a batch with a longer pair, yet unchanged");
    }
  }

  @Test
  void badGraphsAndFilesAreRefusedNamingTheFile() throws Exception {
    Path embedder = TinyOnnx.write(tmp.resolve("embedder.onnx"), OnnxEmbedder.HIDDEN_STATE_OUTPUT, true);
    Path tok = tmp.resolve("tokenizer.json");
    TinyCrossEncoder.copyTokenizer(tok);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OnnxCrossEncoder.builder(embedder, tok).build());
    assertTrue(e.getMessage().contains(embedder.toString()) && e.getMessage().contains("'logits'")
        && e.getMessage().contains("OnnxEmbedder"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class, () -> raw(Spec.standard().withRank3Output()).build());
    assertTrue(e.getMessage().contains("rank 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> raw(Spec.standard().extraInput("position_ids")).build());
    assertTrue(e.getMessage().contains("unexpected input 'position_ids'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> raw(Spec.standard().withoutAttentionMask()).build());
    assertTrue(e.getMessage().contains("expected input 'attention_mask'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> raw(Spec.standard().vocab(1000)).build());
    assertTrue(e.getMessage().contains("emits ids up to 30521") && e.getMessage().contains("model.onnx"), e.getMessage());

    Path garbage = Files.writeString(tmp.resolve("garbage.onnx"), "not a graph");
    UncheckedIOException io = assertThrows(UncheckedIOException.class, () -> OnnxCrossEncoder.builder(garbage, tok).build());
    assertTrue(io.getMessage().contains(garbage.toString()), io.getMessage());
    Path missing = tmp.resolve("nothing.json");
    io = assertThrows(UncheckedIOException.class, () -> OnnxCrossEncoder.builder(embedder, missing).build());
    assertTrue(io.getMessage().contains("nothing.json"), io.getMessage());
    assertThrows(UncheckedIOException.class, () -> OnnxCrossEncoder.fromFolder(tmp.resolve("no-such-folder")));
    assertThrows(IllegalArgumentException.class, () -> raw(Spec.standard()).maxLength(3).build());
    e = assertThrows(IllegalArgumentException.class, () -> raw(Spec.standard()).maxLength(4).build());
    assertTrue(e.getMessage().contains("3 pair special tokens"), e.getMessage());
    try (OnnxCrossEncoder five = raw(Spec.standard()).maxLength(5).build()) {
      // [CLS] what [SEP] the [SEP]: second segment the 1996: -1, [SEP] 102: -8
      assertArrayEquals(new double[] {-9}, five.score("what", List.of(D)));
      assertEquals(1, five.usage().truncatedTexts());
    }
  }

  @Test
  void closeIsIdempotentAndSharedUseIsSafe() throws Exception {
    OnnxCrossEncoder ce = raw(Spec.standard()).tokenBudget(32).build();
    List<String> docs = List.of(D, "cat", "the dog sat on a red mat", "fish", "a blue car");
    double[] want = ce.score(Q, docs);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<double[]>> fs = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        fs.add(pool.submit(() -> ce.score(Q, docs)));
      }
      for (Future<double[]> f : fs) {
        assertArrayEquals(want, f.get());
      }
    } finally {
      pool.shutdown();
    }
    assertTrue(ce.provenance().canonical().contains("model=sha256:" + ce.modelSha256()), ce.provenance().canonical());
    assertTrue(ce.provenance().canonical().startsWith("onnx-cross-encoder{"));
    ce.close();
    ce.close();
    assertTrue(ce.isClosed());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ce.score(Q, docs));
    assertEquals(ce.id() + " is closed", e.getMessage());
  }

  @Test
  void badInputsAreNamed() throws Exception {
    try (OnnxCrossEncoder ce = raw(Spec.standard()).build()) {
      assertThrows(IllegalArgumentException.class, () -> ce.score(null, List.of(D)));
      assertThrows(IllegalArgumentException.class, () -> ce.score(Q, null));
      assertThrows(IllegalArgumentException.class, () -> ce.score(Q, Arrays.asList(D, null)));
      assertThrows(IllegalArgumentException.class, () -> ce.score(Q, List.of("bad \uD800 surrogate")));
    }
  }
}

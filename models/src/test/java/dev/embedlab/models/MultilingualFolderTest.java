package dev.embedlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.VectorUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The XLM-R path end to end on a generated tiny model ({@link TinyXlmR}): a real SentencePiece
 * Unigram {@code tokenizer.json} read by DJL, a graph without {@code token_type_ids}, loaded through
 * the {@link KnownConfig#MULTILINGUAL_E5_SMALL} catalog entry, vectors checked against a hand
 * computation from the graph's weights.
 */
class MultilingualFolderTest {

  static final String KO = "서울은 한국의 수도입니다";
  static final String EN = "Seoul is the capital of Korea.";
  static final String[] KO_PIECES = {"▁서울", "은", "▁한국", "의", "▁수도", "입니다"};
  static final String[] EN_PIECES = {"▁Seoul", "▁is", "▁the", "▁capital", "▁of", "▁Korea", "."};

  @TempDir static Path tmp;
  static Path folder;
  static OnnxEmbedder e5;

  @BeforeAll
  static void generate() throws IOException {
    folder = TinyXlmR.writeFolder(tmp.resolve("me5-tiny"), false, false);
    e5 = OnnxEmbedder.builder(KnownConfig.MULTILINGUAL_E5_SMALL, folder).intraOpThreads(1).build();
  }

  @AfterAll
  static void close() {
    if (e5 != null) {
      e5.close();
    }
  }

  /** {@code <s> pieces... </s>} as ids. */
  static long[] wrap(String... pieces) {
    String[] all = new String[pieces.length + 2];
    all[0] = "<s>";
    System.arraycopy(pieces, 0, all, 1, pieces.length);
    all[all.length - 1] = "</s>";
    return TinyXlmR.ids(all);
  }

  static String[] concat(String[] a, String... b) {
    String[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static HuggingFaceTokenizer tokenizer(Path tokenizerJson) throws IOException {
    System.setProperty("OPT_OUT_TRACKING", "true");
    return HuggingFaceTokenizer.newInstance(tokenizerJson, Map.of("addSpecialTokens", "true",
        "padding", "false", "truncation", "false"));
  }

  @Test
  void unigramTokenizerSegmentsKoreanByViterbiWithXlmrSpecialTokens() throws IOException {
    for (boolean legacy : new boolean[] {false, true}) {
      Path dir = TinyXlmR.writeFolder(tmp.resolve("tok-" + legacy), false, legacy);
      try (HuggingFaceTokenizer tok = tokenizer(dir.resolve("tokenizer.json"))) {
        Encoding enc = tok.encode(KO);
        List<String> expected = new ArrayList<>(List.of("<s>"));
        expected.addAll(List.of(KO_PIECES));
        expected.add("</s>");
        // ▁서울은 is a vocabulary piece, but its score (-20) loses to ▁서울 + 은 (-5 - 4).
        assertEquals(expected, List.of(enc.getTokens()), "legacy=" + legacy);
        assertArrayEquals(wrap(KO_PIECES), enc.getIds(), "legacy=" + legacy);
        assertTrue(Arrays.stream(enc.getTypeIds()).allMatch(t -> t == 0));
        // SentencePiece "▁" back to spaces; special tokens dropped.
        assertEquals(KO, tok.decode(enc.getIds(), true));
        // NFKC: decomposed jamo (NFD) compose back to the same syllables and pieces.
        assertArrayEquals(enc.getIds(), tok.encode(Normalizer.normalize(KO, Normalizer.Form.NFD)).getIds());
        // Repeated spaces squeezed, as XLM-R's normaliser does.
        assertArrayEquals(enc.getIds(), tok.encode("서울은   한국의  수도입니다").getIds());
        assertArrayEquals(wrap(EN_PIECES), tok.encode(EN).getIds());
        // Characters outside the vocabulary become <unk> (id 3), not bytes.
        assertArrayEquals(TinyXlmR.ids("<s>", "▁", "<unk>", "</s>"), tok.encode("東京").getIds());
        assertArrayEquals(TinyXlmR.ids("<s>", "</s>"), tok.encode("").getIds());
      }
    }
  }

  @Test
  void catalogConfigAppliesE5SettingsToTheFolder() {
    assertEquals("me5-tiny", e5.id());
    assertEquals(384, e5.dimension());
    assertEquals(512, e5.maxLength());
    assertEquals(Pooling.MEAN, e5.pooling());
    assertTrue(e5.normalize());
    assertFalse(e5.feedsTokenTypeIds(), "XLM-R graph: token_type_ids must not be fed");
    assertEquals(KnownConfig.XLMR_PAD_ID, e5.padTokenId(), "pad id read from tokenizer.json");
  }

  @Test
  void meanPoolingOverTheMaskEqualsTheHandComputationInInputOrder() {
    String longEn = String.join(" ", java.util.Collections.nCopies(20, "the capital of Korea"));
    List<String> texts = List.of(EN, KO, "김치를 좋아해요", longEn, "");
    float[][] got = e5.embed(texts, Role.DOCUMENT);
    float[][] alone = new float[texts.size()][];
    try (OnnxEmbedder one = OnnxEmbedder.builder(KnownConfig.MULTILINGUAL_E5_SMALL, folder)
        .tokenBudget(1).intraOpThreads(1).build()) {
      for (int i = 0; i < texts.size(); i++) {
        alone[i] = one.embed(List.of(texts.get(i)), Role.DOCUMENT)[0];
      }
    }
    String[] passage = {"▁passage", ":"};
    List<String> longPieces = new ArrayList<>(List.of(passage));
    for (int i = 0; i < 20; i++) {
      longPieces.addAll(List.of("▁the", "▁capital", "▁of", "▁Korea"));
    }
    long[][] ids = {
        wrap(concat(passage, EN_PIECES)),
        wrap(concat(passage, KO_PIECES)),
        wrap(concat(passage, "▁김치", "를", "▁좋아", "해요")),
        wrap(longPieces.toArray(String[]::new)),
        // "passage: " + "": the prefix's trailing space survives as a lone "▁" piece, as in XLM-R.
        wrap(concat(passage, "▁")),
    };
    for (int i = 0; i < texts.size(); i++) {
      float[] want = TinyXlmR.expected(ids[i], false);
      assertArrayEquals(want, got[i], 1e-6f, "text " + i + " (batched, padded with <pad>)");
      assertArrayEquals(want, alone[i], 1e-6f, "text " + i + " (alone)");
      assertEquals(1.0, VectorUtil.norm(got[i]), 1e-6, "L2 norm of text " + i);
    }
    assertTrue(e5.usage().batches() >= 1);
  }

  @Test
  void queryAndPassagePrefixesAreTokenizedIn() {
    // <s> ▁query|▁passage : ▁서울 은 ▁한국 의 ▁수도 입니다 </s>
    assertEquals(10, e5.tokenCounts(List.of(KO), Role.QUERY)[0]);
    assertEquals(10, e5.tokenCounts(List.of(KO), Role.DOCUMENT)[0]);
    float[] q = e5.embed(List.of(KO), Role.QUERY)[0];
    float[] d = e5.embed(List.of(KO), Role.DOCUMENT)[0];
    assertArrayEquals(TinyXlmR.expected(wrap(concat(new String[] {"▁query", ":"}, KO_PIECES)), false), q, 1e-6f);
    assertArrayEquals(TinyXlmR.expected(wrap(concat(new String[] {"▁passage", ":"}, KO_PIECES)), false), d, 1e-6f);
    try (OnnxEmbedder bare = OnnxEmbedder.builder(KnownConfig.MULTILINGUAL_E5_SMALL, folder)
        .queryPrefix("").documentPrefix("").intraOpThreads(1).build()) {
      assertEquals(8, bare.tokenCounts(List.of(KO), Role.QUERY)[0]);
      assertArrayEquals(TinyXlmR.expected(wrap(KO_PIECES), false), bare.embed(List.of(KO), Role.QUERY)[0], 1e-6f);
      assertNotEquals(bare.fingerprint(), e5.fingerprint(), "prefixes are part of the fingerprint");
    }
  }

  @Test
  void truncatesAtTheCatalogMaxLengthAndCountsIt() {
    String longKo = String.join(" ", java.util.Collections.nCopies(300, "서울은"));
    e5.resetUsage();
    assertEquals(512, e5.tokenCounts(List.of(longKo), Role.QUERY)[0]);
    float[] v = e5.embed(List.of(longKo, KO), Role.QUERY)[0];
    assertEquals(1, e5.usage().truncatedTexts());
    assertEquals(512 + 10, e5.usage().tokens());
    // <s>, the first 510 pieces (▁query : then ▁서울 은 pairs), </s>: the end token is kept.
    List<String> kept = new ArrayList<>(List.of("▁query", ":"));
    while (kept.size() < 510) {
      kept.add(kept.size() % 2 == 0 ? "▁서울" : "은");
    }
    assertArrayEquals(TinyXlmR.expected(wrap(kept.toArray(String[]::new)), false), v, 1e-6f);
  }

  @Test
  void clsOverrideTakesTheFirstTokenState() {
    try (OnnxEmbedder cls = OnnxEmbedder.builder(KnownConfig.MULTILINGUAL_E5_SMALL, folder)
        .pooling(Pooling.CLS).intraOpThreads(1).build()) {
      float[] want = TinyXlmR.expected(TinyXlmR.ids("<s>"), true);
      assertArrayEquals(want, cls.embed(List.of(KO))[0], 1e-6f);
      assertArrayEquals(want, cls.embed(List.of(EN))[0], 1e-6f);
    }
  }

  @Test
  void bertShapedExportWithTokenTypeIdsGivesTheSameVectors() throws IOException {
    Path bert = TinyXlmR.writeFolder(tmp.resolve("bert-shaped"), true, true);
    try (OnnxEmbedder b = OnnxEmbedder.fromFolder(KnownConfig.MULTILINGUAL_E5_SMALL, bert)) {
      assertTrue(b.feedsTokenTypeIds());
      List<String> texts = List.of(KO, EN);
      float[][] x = b.embed(texts, Role.QUERY);
      float[][] y = e5.embed(texts, Role.QUERY);
      for (int i = 0; i < texts.size(); i++) {
        assertArrayEquals(y[i], x[i], 1e-7f);
      }
    }
  }

  @Test
  void wrongDimensionNamesTheConfigAndCanBeRelaxed() {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> OnnxEmbedder.builder(KnownConfig.MULTILINGUAL_E5_BASE, folder).build());
    assertTrue(ex.getMessage().contains("multilingual-e5-base") && ex.getMessage().contains("768")
        && ex.getMessage().contains("384"), ex.getMessage());
    try (OnnxEmbedder relaxed = OnnxEmbedder.builder(KnownConfig.MULTILINGUAL_E5_BASE, folder)
        .expectedDimension(0).intraOpThreads(1).build()) {
      assertEquals(384, relaxed.dimension());
      assertArrayEquals(e5.embed(List.of(KO), Role.QUERY)[0], relaxed.embed(List.of(KO), Role.QUERY)[0]);
    }
  }

  @Test
  void bertWordPieceTokenizerIsRejectedForAnXlmrConfig() throws IOException {
    Path dir = TinyXlmR.writeFolder(tmp.resolve("wrong-tokenizer"), false, false);
    try (InputStream in = getClass().getClassLoader()
        .getResourceAsStream(KnownModel.ALL_MINILM_L6_V2.tokenizerResource())) {
      assertTrue(in != null, "all-MiniLM-L6-v2 weights jar on the test classpath");
      Files.copy(in, dir.resolve("tokenizer.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> OnnxEmbedder.builder(KnownConfig.MULTILINGUAL_E5_SMALL, dir).build());
    assertTrue(ex.getMessage().contains("Unigram") && ex.getMessage().contains("WordPiece")
        && ex.getMessage().contains("tokenizer.json"), ex.getMessage());
    // Without a catalog config the type check does not apply, but the vocabulary probe still
    // refuses a tokenizer whose ids overrun the tiny model's embedding table; BERT's [PAD] is id 0.
    IllegalArgumentException vocab = assertThrows(IllegalArgumentException.class,
        () -> OnnxEmbedder.builder(dir.resolve("model.onnx"), dir.resolve("tokenizer.json")).intraOpThreads(1).build());
    assertTrue(vocab.getMessage().contains("emits ids up to 30521"), vocab.getMessage());
    assertEquals(0, TokenizerJsonInfo.read(dir.resolve("tokenizer.json")).padId());
  }

  @Test
  void missingFolderOrTokenizerNamesThePath() throws IOException {
    Path none = tmp.resolve("absent");
    UncheckedIOException ex = assertThrows(UncheckedIOException.class,
        () -> OnnxEmbedder.builder(KnownConfig.BGE_M3, none));
    assertTrue(ex.getCause().getMessage().contains(none.toString()), ex.getCause().getMessage());
    Path noTok = TinyXlmR.writeFolder(tmp.resolve("no-tokenizer"), false, false);
    Files.delete(noTok.resolve("tokenizer.json"));
    UncheckedIOException ex2 = assertThrows(UncheckedIOException.class,
        () -> OnnxEmbedder.builder(KnownConfig.MULTILINGUAL_E5_SMALL, noTok).expectedDimension(0).build());
    assertTrue(ex2.getCause().getMessage().contains("tokenizer.json"), ex2.getCause().getMessage());
    assertThrows(IllegalArgumentException.class, () -> OnnxEmbedder.builder((KnownConfig) null, noTok));
  }

  @Test
  void readsPadIdFromEveryPlaceATokenizerJsonKeepsIt() throws IOException {
    Path f = tmp.resolve("pad.json");
    Files.writeString(f, "{\"padding\":{\"pad_id\":7},\"added_tokens\":[{\"id\":1,\"content\":\"<pad>\"}],"
        + "\"model\":{\"type\":\"Unigram\",\"vocab\":[[\"<pad>\",0.0]]}}");
    assertEquals(new TokenizerJsonInfo(7, "Unigram", 1), TokenizerJsonInfo.read(f), "max id from added_tokens");
    Files.writeString(f, "{\"padding\":null,\"added_tokens\":[{\"id\":1,\"content\":\"<pad>\"}],"
        + "\"model\":{\"vocab\":[[\"<s>\",0.0],[\"<pad>\",0.0]]}}");
    assertEquals(new TokenizerJsonInfo(1, "Unigram", 1), TokenizerJsonInfo.read(f));
    Files.writeString(f, "{\"model\":{\"type\":\"WordPiece\",\"vocab\":{\"a\":0,\"[PAD]\":5}}}");
    assertEquals(new TokenizerJsonInfo(5, "WordPiece", 5), TokenizerJsonInfo.read(f));
    Files.writeString(f, "{\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0}}}");
    assertEquals(new TokenizerJsonInfo(-1, "BPE", 0), TokenizerJsonInfo.read(f));
    Files.writeString(f, "[1, 2]");
    assertThrows(IOException.class, () -> TokenizerJsonInfo.read(f));
  }

  @Test
  void catalogEntriesAreConsistentAndNamedLikeHuggingFace() {
    for (KnownConfig c : KnownConfig.values()) {
      assertTrue(c.defaultMaxLength() >= 2 && c.defaultMaxLength() <= c.maxPositions(), c.toString());
      assertFalse(c.weightsShipped());
      assertEquals(1, c.padTokenId());
      assertEquals("Unigram", c.tokenizerModelType());
      assertTrue(c.languages().contains("ko"), c.toString());
      assertEquals(c, KnownConfig.byName(c.id()));
      assertEquals(c, KnownConfig.byName(c.huggingFaceName().toUpperCase(java.util.Locale.ROOT)));
      assertEquals(c.queryPrefix().isEmpty(), c.documentPrefix().isEmpty(), c.toString());
    }
    assertEquals(KnownConfig.MULTILINGUAL_E5_SMALL, KnownConfig.byName("intfloat/multilingual-e5-small"));
    assertEquals(Pooling.CLS, KnownConfig.BGE_M3.pooling());
    assertEquals(1024, KnownConfig.BGE_M3.dimension());
    assertEquals(8192, KnownConfig.BGE_M3.defaultMaxLength());
    assertEquals(768, KnownConfig.MULTILINGUAL_E5_BASE.dimension());
    assertEquals(128, KnownConfig.PARAPHRASE_MULTILINGUAL_MINILM_L12_V2.defaultMaxLength());
    assertEquals("query: ", KnownConfig.MULTILINGUAL_E5_SMALL.queryPrefix());
    assertEquals("passage: ", KnownConfig.MULTILINGUAL_E5_BASE.documentPrefix());
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> KnownConfig.byName("e5-large"));
    assertTrue(ex.getMessage().contains("multilingual-e5-small") && ex.getMessage().contains("e5-large"));
    assertNotEquals(KnownConfig.MULTILINGUAL_E5_SMALL.queryPrefix(),
        KnownConfig.MULTILINGUAL_E5_SMALL.documentPrefix());
  }
}

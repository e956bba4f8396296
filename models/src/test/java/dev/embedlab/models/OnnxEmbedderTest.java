package dev.embedlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.UsageReporting.Usage;
import dev.embedlab.core.VectorUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Behaviour of {@link OnnxEmbedder} on the real all-MiniLM-L6-v2 int8/fp32 weights (test classpath). */
class OnnxEmbedderTest {

  /** Published sentence-transformers value: all-MiniLM-L6-v2("I love sentence transformers.")[0]. */
  static final double PUBLISHED_FIRST = -0.0803190;

  static OnnxEmbedder fp32;

  @BeforeAll
  static void load() {
    fp32 = OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2).intraOpThreads(2).build();
  }

  @AfterAll
  static void close() {
    fp32.close();
  }

  @Test
  void matchesPublishedSentenceTransformersValue() {
    float[] v = fp32.embed(List.of("I love sentence transformers.")).clone()[0];
    assertEquals(384, v.length);
    assertEquals(PUBLISHED_FIRST, v[0], Math.abs(PUBLISHED_FIRST) * 0.01, "first component");
    assertEquals(1.0, VectorUtil.norm(v), 1e-5, "normalised");
  }

  @Test
  void catalogDefaultsAreExplicit() {
    assertEquals("all-minilm-l6-v2", fp32.id());
    assertEquals(384, fp32.dimension());
    assertEquals(256, fp32.maxLength()); // not the 128 pinned in tokenizer.json
    assertEquals(Pooling.MEAN, fp32.pooling());
    assertTrue(fp32.feedsTokenTypeIds());
    assertEquals(64, fp32.modelSha256().length());
    assertTrue(fp32.fingerprint().contains(fp32.modelSha256()));
  }

  @Test
  void batchingDoesNotChangeVectorsAndKeepsInputOrder() {
    List<String> texts = new ArrayList<>();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 37; i++) {
      sb.append("word").append(i).append(' ');
      texts.add(i % 3 == 0 ? "short " + i : sb.toString());
    }
    Collections.shuffle(texts, new java.util.Random(13));
    float[][] together = fp32.embed(texts);
    try (OnnxEmbedder tiny = OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2).tokenBudget(1)
        .intraOpThreads(1).build()) {
      for (int i = 0; i < texts.size(); i += 5) {
        float[] alone = tiny.embed(List.of(texts.get(i)))[0];
        assertTrue(VectorUtil.cosine(alone, together[i]) > 0.99999,
            "text " + i + " differs when padded in a batch: cos=" + VectorUtil.cosine(alone, together[i]));
      }
      assertEquals(1, tiny.usage().batches() / tiny.usage().texts());
    }
  }

  @Test
  void emptyStringEmbedsAsClsSep() {
    float[] v = fp32.embed(List.of(""))[0];
    assertEquals(384, v.length);
    assertEquals(1.0, VectorUtil.norm(v), 1e-5);
    assertTrue(Float.isFinite(v[0]));
  }

  @Test
  void emptyListGivesEmptyResult() {
    assertEquals(0, fp32.embed(List.of()).length);
  }

  @Test
  void nullsAreRejectedWithIndex() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> fp32.embed(Arrays.asList("a", null, "c")));
    assertTrue(e.getMessage().contains("texts[1]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> fp32.embed(null));
    assertThrows(IllegalArgumentException.class, () -> fp32.embed(List.of("a"), null));
  }

  @Test
  void hugeTextIsTruncatedAndCounted() {
    StringBuilder sb = new StringBuilder();
    while (sb.length() < 100_000) {
      sb.append("embedding models truncate long inputs. ");
    }
    String huge = sb.substring(0, 100_000);
    try (OnnxEmbedder e = OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2_Q).build()) {
      float[][] v = e.embed(List.of(huge, "short text"));
      Usage u = e.usage();
      assertEquals(2, u.texts());
      assertEquals(1, u.truncatedTexts());
      assertEquals(256 + 4, u.tokens()); // 256 + [CLS] short text [SEP]
      assertEquals(384, v[0].length);
      // The truncated text embeds as any text with the same first 256 tokens. (Dynamic int8
      // quantisation scales activations per batch, so -q vectors move slightly with batch mates.)
      float[] prefix = e.embed(List.of(huge.substring(0, 4000)))[0];
      double cos = VectorUtil.cosine(prefix, v[0]);
      assertTrue(cos > 0.99, "cos=" + cos);
      float[] alone = e.embed(List.of(huge))[0];
      assertArrayEquals(prefix, alone, 1e-6f);
      e.resetUsage();
      assertEquals(new Usage(0, 0, 0, 0), e.usage());
    }
  }

  @Test
  void useAfterCloseFailsAndCloseIsIdempotent() {
    OnnxEmbedder e = OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2_Q).id("q-closing").build();
    e.close();
    e.close();
    IllegalStateException ex = assertThrows(IllegalStateException.class, () -> e.embed(List.of("x")));
    assertEquals("q-closing is closed", ex.getMessage());
  }

  @Test
  void sharedAcrossThreadsGivesSameVectors() throws Exception {
    List<String> texts = List.of("alpha beta", "gamma delta epsilon", "", "zeta");
    float[][] expected = fp32.embed(texts);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[][]>> fs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        fs.add(pool.submit(() -> fp32.embed(texts)));
      }
      for (Future<float[][]> f : fs) {
        float[][] got = f.get();
        for (int i = 0; i < texts.size(); i++) {
          assertArrayEquals(expected[i], got[i], 1e-5f);
        }
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void rolesApplyPrefixesOnlyWhereTheModelHasThem() {
    assertArrayEquals(fp32.embed(List.of("q"), Role.QUERY)[0], fp32.embed(List.of("q"), Role.DOCUMENT)[0], 1e-6f);
    try (OnnxEmbedder bge = OnnxEmbedder.builder(KnownModel.BGE_SMALL_EN_V15_Q).build()) {
      assertEquals(Pooling.CLS, bge.pooling());
      float[] q = bge.embed(List.of("what is a cell"), Role.QUERY)[0];
      float[] d = bge.embed(List.of("what is a cell"), Role.DOCUMENT)[0];
      float[] manual = bge.embed(List.of(KnownModel.BGE_QUERY_INSTRUCTION + "what is a cell"), Role.DOCUMENT)[0];
      assertNotEquals(q[0], d[0]);
      assertArrayEquals(manual, q, 1e-6f);
    }
  }

  @Test
  void sessionConfigEntriesReachOnnxRuntimeAndLeaveVectorsUnchanged() {
    assertThrows(IllegalArgumentException.class,
        () -> OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2_Q).sessionConfig(" ", "1"));
    List<String> texts = List.of("a short sentence", "another one, a little longer than the first");
    try (OnnxEmbedder plain = OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2_Q).tokenBudget(1).build();
        OnnxEmbedder tuned = OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2_Q).tokenBudget(1)
            .sessionConfig("session.intra_op.allow_spinning", "1").build()) {
      float[][] a = plain.embed(texts, Role.DOCUMENT);
      float[][] b = tuned.embed(texts, Role.DOCUMENT);
      for (int i = 0; i < a.length; i++) {
        assertEquals(1.0, VectorUtil.cosine(a[i], b[i]), 1e-6, "text " + i);
      }
    }
  }

  @Test
  void workersBlockByDefaultAndSpinningGivesTheSameFp32VectorsBitForBit() {
    assertEquals("0", OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2).sessionConfig
        .get(SessionConfigKeys.INTRA_OP_SPINNING));
    List<String> texts = List.of("a short sentence", "another one, a little longer than the first",
        "a third text so that the batch has rows of three lengths, with padding in two of them");
    try (OnnxEmbedder spinning = OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2).intraOpThreads(2)
        .sessionConfig(SessionConfigKeys.INTRA_OP_SPINNING, "1").build()) {
      float[][] a = fp32.embed(texts, Role.DOCUMENT);
      float[][] b = spinning.embed(texts, Role.DOCUMENT);
      for (int i = 0; i < a.length; i++) {
        assertArrayEquals(a[i], b[i], "text " + i + ": spinning must not change the vector");
      }
    }
  }
}

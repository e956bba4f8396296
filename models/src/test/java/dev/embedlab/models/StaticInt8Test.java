package dev.embedlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Static int8 of the shipped dynamic-int8 all-MiniLM-L6-v2: the rewritten graph has no dynamic
 * quantisation left, batches (a text gets the same vector bit for bit whatever it is batched with),
 * and stays close to the dynamic graph run one text per call on texts it was not calibrated on.
 */
class StaticInt8Test {
  private static final String[] SUBJECTS = {"The cat", "A young engineer", "The city council", "Our new vaccine",
      "A quiet river", "The stock market", "An old violin", "The football team", "A heavy storm", "The museum"};
  private static final String[] PREDICATES = {"sat on the warm windowsill all afternoon.",
      "announced a plan to rebuild the bridge by next spring.", "was tested on three thousand volunteers.",
      "fell sharply after the interest rate decision.", "played a slow melody for the guests.",
      "won the final match in extra time.", "flooded several streets near the harbour.",
      "opened a new wing for modern sculpture."};

  static Path dir;
  static StaticInt8.Result result;

  /** 80 sentences: calibrate on the even ones, compare on the odd ones. */
  static List<String> sentences() {
    List<String> out = new ArrayList<>();
    for (String s : SUBJECTS) {
      for (String p : PREDICATES) {
        out.add(s + " " + p);
      }
    }
    return out;
  }

  static List<String> part(int parity) {
    List<String> all = sentences();
    List<String> out = new ArrayList<>();
    for (int i = parity; i < all.size(); i += 2) {
      out.add(all.get(i));
    }
    return out;
  }

  @BeforeAll
  static void quantize(@TempDir Path tmp) {
    dir = tmp.resolve("static");
    result = StaticInt8.quantize(KnownModel.ALL_MINILM_L6_V2_Q, part(0), dir);
  }

  @Test
  void theGraphHasFixedScalesForEveryDynamicNode() throws Exception {
    assertEquals(dir.resolve("model.onnx"), result.model());
    assertTrue(Files.isRegularFile(result.tokenizer()));
    assertEquals(40, result.texts());
    assertEquals(24, result.ranges().size(), "one range per quantised activation of the 6-layer model");
    assertFalse(ModelFiles.fileContains(result.model(), "DynamicQuantizeLinear"));
    assertTrue(ModelFiles.fileContains(result.model(), "QuantizeLinear"));
    for (float[] r : result.ranges().values()) {
      // DynamicQuantizeLinear's formula: the range holds 0, scale spans it in 255 steps, zero point an integer in it
      assertTrue(r[0] <= 0 && r[1] >= 0 && r[1] > r[0], java.util.Arrays.toString(r));
      assertEquals((r[1] - r[0]) / 255f, r[2], 1e-6f * Math.max(1f, r[2]));
      assertEquals(Math.rint(-r[0] / r[2]), r[3], 0.0);
    }
    // Loading keeps ONNX Runtime's MatMulIntegerToFloat fusion: constant folding off, added to the user's list
    java.util.Map<String, String> config = new java.util.HashMap<>();
    StaticInt8.sessionDefaults(result.model(), false, config);
    assertEquals(java.util.Map.of(SessionConfigKeys.DISABLE_OPTIMIZERS, "ConstantFolding"), config);
    config.put(SessionConfigKeys.DISABLE_OPTIMIZERS, "GeluFusion");
    StaticInt8.sessionDefaults(result.model(), false, config);
    assertEquals("GeluFusion,ConstantFolding", config.get(SessionConfigKeys.DISABLE_OPTIMIZERS));
    ClasspathModel.Located dynamic = ClasspathModel.locate(KnownModel.ALL_MINILM_L6_V2_Q);
    try {
      java.util.Map<String, String> none = new java.util.HashMap<>();
      StaticInt8.sessionDefaults(dynamic.model(), false, none); // MatMulIntegerToFloat and DequantizeLinear do not match
      assertEquals(java.util.Map.of(), none);
      assertEquals(java.util.Set.copyOf(OnnxGraph.parse(Files.readAllBytes(dynamic.model())).dynamicQuants().stream()
          .map(OnnxGraph.DynamicQuant::input).toList()), result.ranges().keySet());
    } finally {
      ClasspathModel.deleteTree(dynamic.tmp());
    }
  }

  @Test
  void batchesGiveEachTextItsOwnVectorAndStayCloseToDynamic() {
    List<String> held = part(1);
    try (OnnxEmbedder st = StaticInt8.builder(KnownModel.ALL_MINILM_L6_V2_Q, result).build();
        OnnxEmbedder dyn = OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2_Q).build()) {
      assertFalse(st.dynamicallyQuantized(), "the static graph batches like an fp32 one");
      assertEquals("all-minilm-l6-v2-q-static", st.id());
      float[][] batched = st.embed(held);
      List<String> reversed = new ArrayList<>(held);
      java.util.Collections.reverse(reversed);
      float[][] other = st.embed(reversed);
      float[][] dynamic = dyn.embed(held);
      double worst = 1;
      for (int i = 0; i < held.size(); i++) {
        assertArrayEquals(st.embed(List.of(held.get(i)))[0], batched[i], 0f, "alone vs batched: " + held.get(i));
        assertArrayEquals(other[held.size() - 1 - i], batched[i], 0f, "other batch mates: " + held.get(i));
        double c = 0;
        for (int j = 0; j < batched[i].length; j++) {
          c += batched[i][j] * dynamic[i][j];
        }
        worst = Math.min(worst, c);
      }
      assertTrue(worst > 0.97, "static vs dynamic int8, minimum cosine on held-out texts: " + worst);
    }
  }

  @Test
  void theFolderLoadsAsAnOnnxFolderWithTheCatalogSettings() {
    try (OnnxEmbedder folder = OnnxEmbedder.builderFromFolder(dir).build();
        OnnxEmbedder st = StaticInt8.builder(KnownModel.ALL_MINILM_L6_V2_Q, result).build()) {
      assertEquals(KnownModel.ALL_MINILM_L6_V2_Q.defaultMaxLength(), folder.maxLength());
      assertEquals(KnownModel.ALL_MINILM_L6_V2_Q.pooling(), folder.pooling());
      List<String> texts = part(1).subList(0, 5);
      float[][] a = folder.embed(texts);
      float[][] b = st.embed(texts);
      for (int i = 0; i < a.length; i++) {
        assertArrayEquals(b[i], a[i], 0f, texts.get(i));
      }
    }
  }

  /** Two dynamic nodes reading one tensor: each becomes its own QuantizeLinear with its own two initializers. */
  @Test
  void everyDynamicNodeIsRewrittenFromItsOwnNames() {
    OnnxGraph.Msg graph = new OnnxGraph.Msg();
    for (String b : new String[] {"a", "b"}) {
      graph.msg(1, new OnnxGraph.Msg().str(1, "x").str(2, "xq_" + b).str(2, "xs_" + b).str(2, "xz_" + b)
          .str(4, "DynamicQuantizeLinear"));
    }
    byte[] model = new OnnxGraph.Msg().varint(1, 7).msg(7, graph).bytes();
    OnnxGraph parsed = OnnxGraph.parse(model);
    assertEquals(2, parsed.dynamicQuants().size());
    byte[] fixed = parsed.withStaticQuantization(java.util.Map.of("x", new float[] {0.5f, 3f}));
    List<OnnxGraph.Field> g = OnnxGraph.fields(OnnxGraph.fields(fixed).stream().filter(f -> f.number() == 7)
        .findFirst().orElseThrow().bytes());
    List<String> nodes = new ArrayList<>();
    List<String> initializers = new ArrayList<>();
    for (OnnxGraph.Field f : g) {
      List<String> strings = new ArrayList<>();
      for (OnnxGraph.Field x : OnnxGraph.fields(f.bytes())) {
        if (x.wireType() == 2 && (f.number() == 1 || x.number() == 8)) {
          strings.add(x.number() + "=" + new String(x.bytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
      }
      (f.number() == 1 ? nodes : initializers).add(String.join(" ", strings));
    }
    assertEquals(List.of("1=x 1=xs_a 1=xz_a 2=xq_a 3=xq_a/static_quantize 4=QuantizeLinear",
        "1=x 1=xs_b 1=xz_b 2=xq_b 3=xq_b/static_quantize 4=QuantizeLinear"), nodes);
    assertEquals(List.of("8=xs_a", "8=xz_a", "8=xs_b", "8=xz_b"), initializers);
  }

  @Test
  void refusesAGraphWithoutDynamicQuantisationAndEmptyCalibration(@TempDir Path tmp) {
    assertEquals("expected at least one calibration text and no null; found 0 texts",
        assertThrows(IllegalArgumentException.class,
            () -> StaticInt8.quantize(KnownModel.ALL_MINILM_L6_V2_Q, List.of(), tmp)).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> StaticInt8.quantize(result.model(), result.tokenizer(), 128, List.of("a text"), dir)).getMessage()
        .contains("expected another folder (the static graph would replace it)"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StaticInt8.quantize(result.model(), result.tokenizer(), 128, List.of("a text"), tmp.resolve("again")));
    assertTrue(e.getMessage().contains("expected a dynamically quantised graph"), e.getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> OnnxGraph.parse(new byte[] {8, 1}))
        .getMessage().startsWith("expected an ONNX model with a graph"));
  }
}

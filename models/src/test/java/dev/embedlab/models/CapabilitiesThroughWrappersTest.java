package dev.embedlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.Fingerprinted;
import dev.embedlab.core.UsageReporting;
import dev.embedlab.core.retrieval.ProvenanceSource;
import dev.embedlab.core.text.PreprocessingEmbedder;
import dev.embedlab.core.text.TextPreprocessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrappers forward fingerprint, usage and provenance of what they wrap (issues 9 and 13). */
class CapabilitiesThroughWrappersTest {

  @TempDir
  Path dir;

  @Test
  void aCacheOverRulesOverTwoModelsSharingAnIdNeverMixesTheirVectors() throws IOException {
    Path rules = Files.writeString(dir.resolve("r.rules"), "whitespace\n");
    TextPreprocessor chain = TextPreprocessor.load(rules);
    Path cacheDir = dir.resolve("cache");
    List<String> text = List.of("  the   same text  ");
    float[] fp32Raw;
    float[] int8Raw;
    try (OnnxEmbedder fp32 = OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2).id("shared-id").build();
        OnnxEmbedder int8 = OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2_Q).id("shared-id").build()) {
      fp32Raw = fp32.embed(List.of("the same text"), Role.DOCUMENT)[0];
      int8Raw = int8.embed(List.of("the same text"), Role.DOCUMENT)[0];
      assertFalse(Arrays.equals(fp32Raw, int8Raw), "the two models really differ");
      try (CachingEmbedder a = CachingEmbedder.wrap(PreprocessingEmbedder.wrap(fp32, chain), cacheDir)) {
        assertArrayEquals(fp32Raw, a.embed(text, Role.DOCUMENT)[0]);
      }
      try (CachingEmbedder b = CachingEmbedder.wrap(PreprocessingEmbedder.wrap(int8, chain), cacheDir)) {
        assertArrayEquals(int8Raw, b.embed(text, Role.DOCUMENT)[0], "the int8 model must not get fp32's cached vector");
        assertEquals(0, b.hits());
        assertTrue(b.fingerprint().contains(int8.modelSha256()) && b.fingerprint().contains(chain.id()), b.fingerprint());
        assertNotEquals(Fingerprinted.fingerprintOf(PreprocessingEmbedder.wrap(fp32, chain)), b.fingerprint());
      }
    }
  }

  @Test
  void usageAndProvenanceReachThroughEveryLayer() throws IOException {
    TextPreprocessor chain = TextPreprocessor.load(Files.writeString(dir.resolve("r.rules"), "lowercase\n"));
    try (OnnxEmbedder model = OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2_Q).maxLength(4).build();
        CachingEmbedder stack = CachingEmbedder.wrap(PreprocessingEmbedder.wrap(model, chain), dir.resolve("c"))) {
      stack.embed(List.of("A long text that will certainly be cut at four tokens"), Role.DOCUMENT);
      UsageReporting.Usage u = UsageReporting.usageOf(stack).orElseThrow();
      assertEquals(1, u.texts());
      assertEquals(1, u.truncatedTexts(), "truncation visible through cache and rules");
      String prov = ProvenanceSource.provenanceOf(stack).canonical();
      assertTrue(prov.startsWith("cache{") && prov.contains("preprocessing{") && prov.contains("onnx-embedder{")
          && prov.contains(model.modelSha256()), prov);
    }
  }

  /** A paid model's bill reaches a report through rules and a cache; a cache hit adds nothing to it. */
  @Test
  void costReachesThroughEveryLayerAndCacheHitsAreFree() throws IOException {
    class Billed implements dev.embedlab.core.Embedder, dev.embedlab.core.CostReporting {
      long tokens;
      @Override public float[][] embed(List<String> texts, Role role) {
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
          tokens += texts.get(i).length();
          out[i] = new float[] {1, i + 1};
        }
        return out;
      }
      @Override public int dimension() { return 2; }
      @Override public String id() { return "billed"; }
      @Override public Cost cost() { return new Cost(tokens, true, 0.02, "2026-12-01", "test"); }
    }
    Billed api = new Billed();
    TextPreprocessor chain = TextPreprocessor.load(Files.writeString(dir.resolve("c.rules"), "lowercase\n"));
    try (CachingEmbedder stack = CachingEmbedder.wrap(PreprocessingEmbedder.wrap(api, chain), dir.resolve("cost"))) {
      stack.embed(List.of("abcd", "ef"), Role.DOCUMENT);
      dev.embedlab.core.CostReporting.Cost c = dev.embedlab.core.CostReporting.costOf(stack).orElseThrow();
      assertEquals(6, c.tokens());
      assertEquals(6 / 1e6 * 0.02, c.usd(), 1e-18);
      stack.embed(List.of("abcd", "ef"), Role.DOCUMENT);
      assertEquals(6, dev.embedlab.core.CostReporting.costOf(stack).orElseThrow().tokens(), "the second pass came from the cache");
    }
  }
}

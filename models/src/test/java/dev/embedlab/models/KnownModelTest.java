package dev.embedlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.VectorUtil;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every catalog entry loads from its jar, matches its declared shape and applies its prefixes. */
class KnownModelTest {

  @Test
  void everyCatalogModelLoadsAndEmbeds() {
    for (KnownModel m : KnownModel.values()) {
      assertTrue(m.defaultMaxLength() <= m.maxPositions(), m.toString());
      assertTrue(m.mavenCoordinates().startsWith("dev.langchain4j:"), m.toString());
      try (OnnxEmbedder e = OnnxEmbedder.builder(m).build()) {
        assertEquals(m.id(), e.id());
        assertEquals(m.dimension(), e.dimension());
        assertEquals(m.pooling(), e.pooling());
        assertEquals(m.defaultMaxLength(), e.maxLength());
        float[][] v = e.embed(List.of("A man is playing a guitar.", "Someone plays guitar."));
        double cos = VectorUtil.cosine(v[0], v[1]);
        assertTrue(cos > 0.6, m + ": paraphrase cosine " + cos);
      }
    }
  }

  @Test
  void e5PrefixesQueriesAndPassages() {
    try (OnnxEmbedder e = OnnxEmbedder.builder(KnownModel.E5_SMALL_V2_Q).build();
        OnnxEmbedder bare = OnnxEmbedder.builder(KnownModel.E5_SMALL_V2_Q).documentPrefix("").build()) {
      float[] q = e.embed(List.of("how do vaccines work"), Role.QUERY)[0];
      float[] manual = bare.embed(List.of("query: how do vaccines work"), Role.DOCUMENT)[0];
      assertEquals(1.0, VectorUtil.cosine(q, manual), 1e-6);
      assertEquals(5, e.tokenCounts(List.of("x"), Role.QUERY)[0], "[CLS] query : x [SEP]");
      assertEquals(5, e.tokenCounts(List.of("x"), Role.DOCUMENT)[0], "[CLS] passage : x [SEP]");
      assertEquals(3, bare.tokenCounts(List.of("x"), Role.DOCUMENT)[0], "[CLS] x [SEP]");
    }
  }
}

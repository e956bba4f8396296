package dev.embedlab.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.models.CachingEmbedder;
import dev.embedlab.models.KnownModel;
import dev.embedlab.models.OnnxEmbedder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end across core and models on a shipped model: a cached int8 all-MiniLM-L6-v2 embeds,
 * a second process-like instance reads every vector back from disk, and the vectors rank a
 * paraphrase above an unrelated sentence.
 */
class CachedModelEndToEndTest {

  @Test
  void cachedVectorsRoundTripAndRankParaphrasesFirst(@TempDir Path cache) {
    List<String> texts = List.of("A man is playing a guitar.", "A person plays an acoustic guitar.",
        "The stock market closed lower today.", "");
    float[][] first;
    try (CachingEmbedder c = CachingEmbedder.wrap(
        OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2_Q).build(), cache)) {
      first = c.embed(texts, Role.DOCUMENT);
      assertEquals(4, c.misses());
    }
    try (CachingEmbedder c = CachingEmbedder.wrap(
        OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2_Q).build(), cache)) {
      float[][] again = c.embed(texts, Role.DOCUMENT);
      assertEquals(4, c.hits());
      assertEquals(0, c.misses());
      for (int i = 0; i < texts.size(); i++) {
        assertArrayEquals(first[i], again[i]);
      }
    }
    double para = VectorUtil.cosine(first[0], first[1]);
    double unrelated = VectorUtil.cosine(first[0], first[2]);
    assertTrue(para > 0.6 && para > unrelated + 0.3, "paraphrase " + para + " vs unrelated " + unrelated);
  }
}

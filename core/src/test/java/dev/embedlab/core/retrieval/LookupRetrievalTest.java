package dev.embedlab.core.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LookupRetrievalTest {
  private static final ExactCosineRetriever CORPUS = ExactCosineRetriever.of("toy", new String[] {"a", "b", "c"},
      new float[][] {{1, 0}, {0.8f, 0.6f}, {0, 1}}, Provenance.of("toy", Map.of()));

  /** A query "embedder" that maps every text to (1, 0). */
  private static final dev.embedlab.core.Embedder X = new dev.embedlab.core.Embedder() {
    @Override public float[][] embed(List<String> texts, Role role) {
      float[][] v = new float[texts.size()][];
      for (int i = 0; i < v.length; i++) {
        v[i] = new float[] {1, 0};
      }
      return v;
    }
    @Override public int dimension() { return 2; }
    @Override public String id() { return "x"; }
  };

  @Test
  void bestFirstCutAtKAndMinScoreWithTheLookupsDocuments() {
    LookupRetrieval<String> r = LookupRetrieval.<String>over(CORPUS, 3).withEmbedder(X)
        .withTexts(Map.of("a", "alpha", "b", "beta", "c", "gamma"), (id, text) -> id + ":" + text)
        .withMinScore(0.5, "minScore");
    assertEquals(List.of("a:alpha@1.0", "b:beta@0.8"), r.retrieve("q", (id, s, d) -> d + "@" + Math.round(s * 10) / 10.0));
    assertEquals(List.of("a:alpha"), r.withK(1, "topK").retrieve("q", (id, s, d) -> d));
  }

  @Test
  void anIdTheLookupDoesNotKnowIsAnErrorNamingIt() {
    LookupRetrieval<String> r = LookupRetrieval.<String>over(CORPUS, 2).withEmbedder(X)
        .withLookup(Map.of("a", "alpha"), "segments map");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.retrieve("q", (id, s, d) -> d));
    assertEquals(true, e.getMessage().contains("returned document 'b' which the document lookup does not know"),
        e.getMessage());
  }

  @Test
  void optionsAreValidatedWithTheFrameworksNames() {
    LookupRetrieval<String> r = LookupRetrieval.over(CORPUS, 3);
    assertEquals("topK must be >= 1; topK=0",
        assertThrows(IllegalArgumentException.class, () -> r.withK(0, "topK")).getMessage());
    assertEquals("similarityThreshold must not be NaN",
        assertThrows(IllegalArgumentException.class, () -> r.withMinScore(Double.NaN, "similarityThreshold"))
            .getMessage());
    assertEquals("a document lookup is required: call texts(...)",
        assertThrows(IllegalStateException.class, () -> r.requireLookup("call texts(...)")).getMessage());
    assertEquals("text of document 'b' must not be blank", assertThrows(IllegalArgumentException.class,
        () -> r.withTexts(Map.of("b", " "), (id, t) -> t)).getMessage());
    assertEquals("retriever must not be null",
        assertThrows(IllegalArgumentException.class, () -> LookupRetrieval.over(null, 3)).getMessage());
  }
}

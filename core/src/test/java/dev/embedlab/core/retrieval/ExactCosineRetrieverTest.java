package dev.embedlab.core.retrieval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExactCosineRetrieverTest {
  private static final Provenance P = Provenance.of("test", Map.of());

  @Test
  void scoresAreCosinesWhateverTheNormsAndTiesGoByIdDescending() {
    // a = (3,4) |5|, b = (1,0), c = (0,2), d = (2,0) (ties b), z = (-1,0); query (1,0)
    Retriever r = ExactCosineRetriever.of("t", new String[] {"a", "b", "c", "d", "z"},
        new float[][] {{3, 4}, {1, 0}, {0, 2}, {2, 0}, {-1, 0}}, P);
    Ranking got = r.search(Queries.ofVectors(new String[] {"q"}, new float[][] {{5, 0}}), 5).get(0);
    assertEquals(List.of("d", "b", "a", "c", "z"), got.docIds());
    assertArrayEquals(new double[] {1, 1, 0.6, 0, -1}, got.scores(), 1e-15);
    assertEquals(Similarity.COSINE, r.describe().similarity());
    assertEquals(5, r.describe().documents());
  }

  @Test
  void refusesBadCorporaAndQueriesNamingThem() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ExactCosineRetriever.of("t", new String[] {"a", "a"},
        new float[][] {{1}, {2}}, P)).getMessage().contains("ids[1]=a"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ExactCosineRetriever.of("t", new String[] {"a", "b"},
        new float[][] {{1}, {Float.NaN}}, P)).getMessage().contains("vectors[1][0] must be finite"));
    assertThrows(IllegalArgumentException.class, () -> ExactCosineRetriever.of("t", new String[0], new float[0][], P));
    Retriever r = ExactCosineRetriever.of("t", new String[] {"a"}, new float[][] {{1, 0}}, P);
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> r.search(Queries.ofVectors(new String[] {"q"}, new float[][] {{1, 0, 0}}), 1)).getMessage()
        .contains("queries[0] has 3; the documents have 2"));
    assertThrows(IllegalStateException.class, () -> r.search(Queries.ofTexts(new String[] {"q"}, List.of("x")), 1));
    assertThrows(IllegalArgumentException.class,
        () -> r.search(Queries.ofVectors(new String[] {"q"}, new float[][] {{1, 0}}), 0));
  }
}

package dev.embedlab.tune.adapter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.embedlab.tune.negatives.Candidate;
import dev.embedlab.tune.negatives.MinedPair;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrainingExamplesTest {
  private static final Map<String, float[]> Q = Map.of("q", new float[] {1, 0});
  private static final Map<String, float[]> D = Map.of("p", new float[] {0, 1}, "n", new float[] {1, 1});

  @Test
  void buildsExamplesWithVectorsAndRelevance() {
    List<TrainingExample> ex = TrainingExamples.fromMined(
        List.of(new MinedPair("q", "p", 0.5, List.of(new Candidate("n", 0.4)))), Map.of("q", List.of("p", "p2")), Q, D);
    assertEquals(1, ex.size());
    assertArrayEquals(new float[] {1, 1}, ex.get(0).negatives()[0]);
    assertEquals(Set.of("p", "p2"), ex.get(0).relevantIds());
  }

  @Test
  void missingVectorsAndRelevantNegativesAreNamed() {
    assertEquals("no vector for document id m", assertThrows(IllegalArgumentException.class,
        () -> TrainingExamples.fromMined(List.of(new MinedPair("q", "p", 0.5, List.of(new Candidate("m", 0.4)))),
            Map.of("q", List.of("p")), Q, D)).getMessage());
    assertEquals("negative n is judged relevant to query q", assertThrows(IllegalArgumentException.class,
        () -> TrainingExamples.fromMined(List.of(new MinedPair("q", "p", 0.5, List.of(new Candidate("n", 0.4)))),
            Map.of("q", List.of("p", "n")), Q, D)).getMessage());
  }
}

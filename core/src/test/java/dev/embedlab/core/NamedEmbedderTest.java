package dev.embedlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.embedlab.core.ensemble.EnsembleEmbedder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The id and dimension an embedder is made with: kept as given, refused when unusable, the same for every subclass. */
class NamedEmbedderTest {

  /** The smallest subclass: a model that must never run for id() or dimension(). */
  private static final class NeverRuns extends NamedEmbedder {
    NeverRuns(String id, int dimension) {
      super(id, dimension);
    }

    @Override
    public float[][] embed(List<String> texts, Role role) {
      throw new AssertionError("id() and dimension() must not run the model");
    }

    @Override
    public void close() {}
  }

  @Test
  void keepsTheIdAndDimensionItWasMadeWith() {
    NeverRuns e = new NeverRuns("m", 384);
    assertEquals("m", e.id());
    assertEquals(384, e.dimension());
  }

  @Test
  void refusesANullIdAndADimensionBelowOneNamingTheId() {
    assertEquals("id", assertThrows(NullPointerException.class, () -> new NeverRuns(null, 3)).getMessage());
    assertEquals("m reports dimension 0; expected >= 1",
        assertThrows(IllegalArgumentException.class, () -> new NeverRuns("m", 0)).getMessage());
  }

  @Test
  void anEnsembleIsNamedByItsModeWeightsAndPartsAndSizedByThem() {
    try (EnsembleEmbedder concat = EnsembleEmbedder.builder().add(new NeverRuns("a", 3), 0.5)
        .add(new NeverRuns("b", 5), 2).ownsParts(false).build()) {
      assertEquals("ensemble(concat;0.5*a,2*b)", concat.id());
      assertEquals(8, concat.dimension());
    }
  }
}

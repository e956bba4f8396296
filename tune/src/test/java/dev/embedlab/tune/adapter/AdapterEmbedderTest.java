package dev.embedlab.tune.adapter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdapterEmbedderTest {

  /** Embeds "a" as (1, 0) and anything else as (0, 1); counts closes. */
  private static final class Fake implements Embedder {
    int closes;

    @Override
    public float[][] embed(List<String> texts, Role role) {
      float[][] out = new float[texts.size()][];
      for (int i = 0; i < out.length; i++) {
        out[i] = texts.get(i).equals("a") ? new float[] {1, 0} : new float[] {0, 1};
      }
      return out;
    }

    @Override
    public int dimension() {
      return 2;
    }

    @Override
    public String id() {
      return "fake";
    }

    @Override
    public void close() {
      closes++;
    }
  }

  // W = [[1, 1], [0, 2]]: (1,0) -> (1,0); (0,1) -> (1,2)/√5
  private static final float[] W = {1, 1, 0, 2};

  @Test
  void queryOnlyAdapterMapsQueriesAndLeavesDocuments() {
    AdapterEmbedder e = AdapterEmbedder.wrap(new Fake(), new LinearAdapter(2, W, null, AdapterSides.QUERY));
    float[][] q = e.embed(List.of("a", "b"), Embedder.Role.QUERY);
    assertArrayEquals(new float[] {1, 0}, q[0], 1e-7f);
    assertArrayEquals(new float[] {(float) (1 / Math.sqrt(5)), (float) (2 / Math.sqrt(5))}, q[1], 1e-7f);
    assertArrayEquals(new float[] {0, 1}, e.embed(List.of("b"), Embedder.Role.DOCUMENT)[0]);
    assertArrayEquals(new float[] {0, 1}, e.embed(List.of("b"))[0]);
    assertTrue(e.id().startsWith("fake+adapter-query-"), e.id());
    assertEquals(2, e.dimension());
  }

  @Test
  void bothSidesAdapterMapsDocumentsToo() {
    AdapterEmbedder e = AdapterEmbedder.wrap(new Fake(), new LinearAdapter(2, W, null, AdapterSides.BOTH));
    float[] d = e.embed(List.of("b"), Embedder.Role.DOCUMENT)[0];
    assertArrayEquals(new float[] {(float) (1 / Math.sqrt(5)), (float) (2 / Math.sqrt(5))}, d, 1e-7f);
  }

  @Test
  void dimensionMismatchCloseAndNullsAreReported() {
    assertEquals("adapter dimension 3 != base dimension 2 (fake)", assertThrows(IllegalArgumentException.class,
        () -> AdapterEmbedder.wrap(new Fake(), LinearAdapter.identity(3, false, AdapterSides.QUERY))).getMessage());
    Fake base = new Fake();
    AdapterEmbedder e = AdapterEmbedder.wrap(base, LinearAdapter.identity(2, false, AdapterSides.QUERY));
    assertThrows(IllegalArgumentException.class, () -> e.embed(java.util.Arrays.asList("a", null), Embedder.Role.QUERY));
    e.close();
    e.close();
    assertEquals(1, base.closes);
    IllegalStateException ise = assertThrows(IllegalStateException.class,
        () -> e.embed(List.of("a"), Embedder.Role.QUERY));
    assertEquals(e.id() + " is closed", ise.getMessage());
  }
}

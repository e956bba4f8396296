package dev.embedlab.core.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VectorEntriesTest {
  private record Item(float[] vector, String tag) {}

  private static VectorEntries<Item> toy() {
    VectorEntries<Item> e = new VectorEntries<>(Item::vector);
    e.write(m -> {
      m.put("x", new Item(new float[] {1, 0}, "keep"));
      m.put("y", new Item(new float[] {0, 1}, "drop"));
      m.put("b", new Item(new float[] {1, 1}, "keep"));
      m.put("a", new Item(new float[] {1, 1}, "keep")); // same vector as b: trec_eval breaks the tie by id, descending
    });
    return e;
  }

  @Test
  void searchRanksAdmittedEntriesByCosineBestFirstTiesByIdDescending() {
    List<VectorEntries.Match<Item>> hits = toy().search(new float[] {1, 0.5f}, 10, i -> true, c -> c);
    assertEquals(List.of("b", "a", "x", "y"), hits.stream().map(VectorEntries.Match::id).toList());
    assertEquals(3 / Math.sqrt(10), hits.get(0).score(), 1e-6); // cos((1,.5),(1,1)) = 1.5 / (sqrt(1.25)·sqrt(2))
    assertEquals("keep", hits.get(0).entry().tag());
  }

  @Test
  void filterKAndMonotoneScoreMapping() {
    List<VectorEntries.Match<Item>> hits = toy().search(new float[] {0, 1}, 2, i -> i.tag().equals("keep"),
        c -> (c + 1) / 2);
    assertEquals(List.of("b", "a"), hits.stream().map(VectorEntries.Match::id).toList());
    assertEquals((1 / Math.sqrt(2) + 1) / 2, hits.get(0).score(), 1e-6);
  }

  @Test
  void sizeWritesAndSnapshot() {
    VectorEntries<Item> e = toy();
    assertEquals(4, e.size());
    e.write(m -> m.remove("y"));
    assertEquals(3, e.size());
    ExactCosineRetriever r = e.snapshot("toy", m -> Provenance.of("toy", Map.of("documents", m.size())), "add some");
    assertTrue(r.toString().length() > 0);
    e.write(Map::clear);
    IllegalStateException ex = assertThrows(IllegalStateException.class,
        () -> e.snapshot("toy", m -> Provenance.of("toy", Map.of()), "add some"));
    assertEquals("the store is empty; add some", ex.getMessage());
  }
}

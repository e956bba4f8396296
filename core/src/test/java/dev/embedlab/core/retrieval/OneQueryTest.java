package dev.embedlab.core.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OneQueryTest {

  /** Records the queries it is given and ranks one document by the query's first vector component. */
  static class Recording implements Retriever {
    final List<Queries> seen = new ArrayList<>();

    @Override
    public List<Ranking> search(Queries queries, int k) {
      seen.add(queries);
      double s = queries.hasVectors() ? queries.vectors("recording")[0][0] : 0;
      return List.of(new Ranking(queries.id(0), new String[] {"d"}, new double[] {s}));
    }

    @Override
    public Description describe() {
      return new Description("recording", Similarity.DOT_PRODUCT, 1, -1, -1, -1, Provenance.of("test", Map.of()));
    }
  }

  /** Vector (role ordinal + 1, text length); records roles. */
  static final class RoleEmbedder implements Embedder {
    final List<Role> roles = new ArrayList<>();
    float poison = 0;

    @Override
    public float[][] embed(List<String> texts, Role role) {
      roles.add(role);
      return new float[][] {{role.ordinal() + 1 + poison, texts.get(0).length()}};
    }

    @Override
    public int dimension() {
      return 2;
    }

    @Override
    public String id() {
      return "roles";
    }
  }

  @Test
  void withoutAnEmbedderOnlyTheTextGoesIn() {
    Recording r = new Recording();
    OneQuery.search(r, null, "kimchi", 3);
    assertTrue(r.seen.get(0).hasTexts());
    assertFalse(r.seen.get(0).hasVectors());
    assertEquals(List.of("kimchi"), r.seen.get(0).texts("t"));
  }

  @Test
  void withAnEmbedderTheTextAndItsQueryRoleVectorGoIn() {
    Recording r = new Recording();
    RoleEmbedder e = new RoleEmbedder();
    Ranking got = OneQuery.search(r, e, "kimchi", 3);
    assertEquals(List.of(Embedder.Role.QUERY), e.roles);
    assertEquals(Embedder.Role.QUERY.ordinal() + 1, got.score(0));
    assertEquals(List.of("kimchi"), r.seen.get(0).texts("t"));
  }

  @Test
  void refusalsSayWhatIsWrong() {
    Retriever needsVectors = new Recording() {
      @Override
      public List<Ranking> search(Queries queries, int k) {
        queries.vectors("dense index");
        return super.search(queries, k);
      }
    };
    IllegalStateException noEmb = assertThrows(IllegalStateException.class, () -> OneQuery.search(needsVectors, null, "q", 1));
    assertTrue(noEmb.getMessage().contains("dense index needs query vectors")
        && noEmb.getMessage().contains("query embedder"), noEmb.getMessage());
    RoleEmbedder nan = new RoleEmbedder();
    nan.poison = Float.NaN;
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> OneQuery.search(new Recording(), nan, "q", 1));
    assertTrue(bad.getMessage().contains("embedder roles") && bad.getMessage().contains("must be finite"), bad.getMessage());
    assertThrows(IllegalArgumentException.class, () -> OneQuery.search(new Recording(), null, " ", 1));
    assertThrows(IllegalArgumentException.class, () -> OneQuery.search(new Recording(), null, "q", 0));
  }
}

package dev.embedlab.ann;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.testing.HostileVectors;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The library's hostile vectors ({@link HostileVectors}, the same list the store's
 * {@code VectorPolicyContractTest} and every codec's contract use) refused by HNSW (Lucene and jvector) and IVF builds,
 * naming the row and component, and as queries.
 */
class AnnVectorPolicyTest {
  static final int DIM = 16;
  static final int N = 64;
  static final int BAD_ROW = 9;

  static float[][] rows(float[] bad) {
    Random r = new Random(5);
    float[][] v = new float[N][DIM];
    for (float[] row : v) {
      for (int j = 0; j < DIM; j++) {
        row[j] = (float) r.nextGaussian();
      }
      VectorUtil.normalizeInPlace(row);
    }
    if (bad != null) {
      v[BAD_ROW] = bad;
    }
    return v;
  }

  static String[] ids() {
    String[] ids = new String[N];
    for (int i = 0; i < N; i++) {
      ids[i] = "d" + i;
    }
    return ids;
  }

  private static Retriever hnsw(String[] ids, float[][] v) {
    try {
      return LuceneHnswRetriever.builder().maxConn(8).beamWidth(20).candidates(20).build(ids, v);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static final List<BiFunction<String[], float[][], Retriever>> BUILDS = List.of(
      AnnVectorPolicyTest::hnsw,
      (ids, v) -> JVectorRetriever.builder().maxConn(8).beamWidth(20).candidates(20).build(ids, v),
      (ids, v) -> IvfRetriever.builder().nlist(4).nprobe(4).build(ids, v),
      (ids, v) -> IvfRetriever.builder().nlist(4).nprobe(4).pqSubspaces(4).pqBits(4).build(ids, v));

  @Test
  void hnswAndIvfBuildsRefuseEveryHostileVectorNamingRowAndComponent() throws Exception {
    for (BiFunction<String[], float[][], Retriever> build : BUILDS) {
      for (HostileVectors.Case h : HostileVectors.all(DIM)) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> build.apply(ids(), rows(h.copy())), h.name());
        assertTrue(e.getMessage().startsWith("vectors[" + BAD_ROW + "]") && HostileVectors.namesTheProblem(
            e.getMessage()), e.getMessage());
      }
      try (Retriever ok = build.apply(ids(), rows(null))) {
        for (HostileVectors.Case h : HostileVectors.all(DIM)) {
          assertThrows(IllegalArgumentException.class,
              () -> ok.search(Queries.ofVectors(new String[] {"q"}, new float[][] {h.copy()}), 3), "query " + h);
        }
      }
    }
  }
}

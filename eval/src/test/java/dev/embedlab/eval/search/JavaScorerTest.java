package dev.embedlab.eval.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.retrieval.ExactScan;
import dev.embedlab.core.retrieval.Similarity;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The pure-Java kernel ({@link ExactScan}) that replaces BLAS where ND4J's native backend is missing. */
class JavaScorerTest {

  /**
   * Two float32 sums of the same 64 products of unit-vector components, in different orders, differ
   * by at most about {@code 64·2⁻²⁴ ≈ 4e-6}; a pair of documents closer than this may swap places
   * between the Java kernel and sgemm, any further apart may not.
   */
  private static final float ORDER_TOL = 4e-6f;

  @Test
  void everyScoreEqualsVectorUtilDotBitForBitWhateverTheBlockPosition() {
    Random r = new Random(7);
    for (int dim : new int[] {1, 3, 4, 5, 8, 37, 384}) {
      float[][] q = gaussian(r, 6, dim);
      float[][] d = gaussian(r, 11, dim);
      for (int dStart : new int[] {0, 1, 2}) {
        int dRows = d.length - dStart;
        float[] out = new float[q.length * dRows];
        ExactScan.scoreBlock(Similarity.DOT_PRODUCT, q, 0, 0, q.length, d, dStart, dRows, out);
        for (int i = 0; i < q.length; i++) {
          for (int j = 0; j < dRows; j++) {
            assertEquals(Float.floatToIntBits(VectorUtil.dot(q[i], d[dStart + j])),
                Float.floatToIntBits(out[i * dRows + j]), "dim " + dim + " q" + i + " d" + (dStart + j));
          }
        }
      }
    }
  }

  @Test
  void javaAndBlasReturnTheSameIdsInTheSameOrderOnRandomData() {
    assumeTrue(ExactSearch.blasAvailable(), "ND4J native backend not usable here: "
        + dev.embedlab.compress.internal.Nd4jSupport.unavailableReason());
    Random r = new Random(11);
    int dim = 64;
    float[][] docs = unit(gaussian(r, 3000, dim));
    float[][] queries = unit(gaussian(r, 40, dim));
    String[] docIds = ids("d", docs.length);
    String[] queryIds = ids("q", queries.length);
    int k = 25;
    List<dev.embedlab.core.retrieval.Ranking> java = ExactSearch.builder().k(k).backend(ScoreBackend.JAVA).docBlockSize(700).build()
        .search(queries, queryIds, docs, docIds);
    List<dev.embedlab.core.retrieval.Ranking> blas = ExactSearch.builder().k(k).backend(ScoreBackend.BLAS).build()
        .search(queries, queryIds, docs, docIds);
    int swapsAllowed = 0;
    for (int q = 0; q < queries.length; q++) {
      int[] a = Rankings.indices(java.get(q), docIds);
      int[] b = Rankings.indices(blas.get(q), docIds);
      float[] sa = Rankings.floats(java.get(q));
      float[] sb = Rankings.floats(blas.get(q));
      assertEquals(k, a.length);
      for (int i = 0; i < k; i++) {
        assertEquals(sa[i], sb[i], ORDER_TOL, "query " + q + " rank " + i);
        if (a[i] != b[i]) { // only a near-tie may swap
          swapsAllowed++;
          boolean nearTie = (i + 1 < k && Math.abs(sa[i] - sa[i + 1]) <= ORDER_TOL)
              || (i > 0 && Math.abs(sa[i] - sa[i - 1]) <= ORDER_TOL);
          assertTrue(nearTie, "query " + q + " rank " + i + ": java doc " + a[i] + " (" + sa[i]
              + ") vs blas doc " + b[i] + " (" + sb[i] + ") without a near tie");
        }
      }
    }
    assertTrue(swapsAllowed <= 2, "swaps at near ties: " + swapsAllowed);
  }

  @Test
  void javaAndBlasAgreeExactlyOnIntegerVectorsFullOfTies() {
    assumeTrue(ExactSearch.blasAvailable(), "ND4J native backend not usable here: "
        + dev.embedlab.compress.internal.Nd4jSupport.unavailableReason());
    // components in {-2..2}: every product and partial sum is a small integer, exact in float in any
    // order, so both kernels give identical scores and the tie rule alone decides the order
    Random r = new Random(5);
    int dim = 24;
    float[][] docs = new float[900][dim];
    float[][] queries = new float[30][dim];
    for (float[][] m : new float[][][] {docs, queries}) {
      for (float[] row : m) {
        for (int i = 0; i < dim; i++) {
          row[i] = r.nextInt(5) - 2;
        }
      }
    }
    String[] docIds = ids("d", docs.length);
    String[] queryIds = ids("q", queries.length);
    for (int k : new int[] {1, 17, 100}) {
      List<dev.embedlab.core.retrieval.Ranking> java = ExactSearch.builder().k(k).backend(ScoreBackend.JAVA).build()
          .search(queries, queryIds, docs, docIds);
      List<dev.embedlab.core.retrieval.Ranking> blas = ExactSearch.builder().k(k).backend(ScoreBackend.BLAS).docBlockSize(256).build()
          .search(queries, queryIds, docs, docIds);
      for (int q = 0; q < queries.length; q++) {
        assertArrayEquals(Rankings.indices(blas.get(q), docIds), Rankings.indices(java.get(q), docIds), "k=" + k + " query " + q);
        assertArrayEquals(Rankings.floats(blas.get(q)), Rankings.floats(java.get(q)), "k=" + k + " query " + q);
      }
    }
  }

  private static float[][] gaussian(Random r, int n, int dim) {
    float[][] m = new float[n][dim];
    for (float[] row : m) {
      for (int i = 0; i < dim; i++) {
        row[i] = (float) r.nextGaussian();
      }
    }
    return m;
  }

  private static float[][] unit(float[][] m) {
    for (float[] row : m) {
      VectorUtil.normalizeInPlace(row);
    }
    return m;
  }

  private static String[] ids(String prefix, int n) {
    String[] s = new String[n];
    for (int i = 0; i < n; i++) {
      s[i] = prefix + i;
    }
    return s;
  }

}

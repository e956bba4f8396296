package dev.embedlab.ann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.TopK;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The flat-list scan equals a plain {@code dotUnchecked} top-k over the probed rows, ids, scores
 * and tie order, on whichever kernel this JVM takes (CI runs it on Java 17 and again on Java 25
 * with {@code jdk.incubator.vector}, where the SIMD screening is exercised).
 */
class IvfScanTest {
  private static final int DIM = 67; // not a multiple of any vector width: the kernels' tails run too

  @Test
  void theScanIsExactSearchOverTheProbedListsWithNearTiesAndTies() {
    Random rnd = new Random(7);
    int n = 900;
    float[][] rows = new float[n][DIM];
    for (int i = 0; i < n; i++) {
      if (i % 9 == 0 && i > 0) {
        rows[i] = rows[i - 1].clone(); // an exact tie
      } else if (i % 9 == 1 && i > 1) {
        rows[i] = rows[i - 2].clone(); // a near tie: one coordinate one ulp away
        rows[i][i % DIM] = Math.nextUp(rows[i][i % DIM]);
      } else {
        for (int j = 0; j < DIM; j++) {
          rows[i][j] = (float) rnd.nextGaussian() * (j % 5 == 0 ? 10f : 0.01f); // mixed magnitudes
        }
      }
    }
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = "d" + (i * 7919 % n); // ids not in row order, so ties are broken by id, not position
    }
    int[] offsets = {0, 100, 250, 251, 251, 600, 900}; // lists of 100, 150, 1, 0, 349 and 300 rows
    IvfScan scan = new IvfScan(rows);
    IvfScan.Scratch scratch = new IvfScan.Scratch(349);
    for (int q = 0; q < 40; q++) {
      float[] x = q % 4 == 0 ? rows[rnd.nextInt(n)].clone() : new float[DIM];
      if (q % 4 != 0) {
        for (int j = 0; j < DIM; j++) {
          x[j] = (float) rnd.nextGaussian();
        }
      }
      for (int[] probed : new int[][] {{0, 1, 2, 3, 4, 5}, {4, 1}, {3}, {2, 3}, {5}}) {
        for (int k : new int[] {1, 10, 300, 1000}) {
          TopK want = new TopK(k, ids);
          for (int c : probed) {
            for (int p = offsets[c]; p < offsets[c + 1]; p++) {
              want.offer(p, VectorUtil.dotUnchecked(x, rows[p]));
            }
          }
          TopK got = new TopK(k, ids);
          scan.scan(x, probed, offsets, got, new TopK(k, ids), scratch);
          Ranking w = want.toRanking("q");
          Ranking g = got.toRanking("q");
          assertEquals(w.docIds(), g.docIds(), "query " + q + " lists " + java.util.Arrays.toString(probed) + " k " + k);
          assertArrayEquals(w.scores(), g.scores(), 0.0, "scores bit for bit, query " + q + " k " + k);
        }
      }
    }
  }

  @Test
  void theSimdScreeningIsTakenExactlyWhenTheJvmOffersIt() {
    boolean offered = Runtime.version().feature() >= 20
        && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    assertEquals(offered, IvfScan.SIMD, "Java " + Runtime.version());
    assertTrue(IvfRetriever.scanKernel().startsWith(offered ? "jvector SIMD" : "ExactScan"), IvfRetriever.scanKernel());
  }
}

package dev.embedlab.ann;

import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.retrieval.ExactScan;
import dev.embedlab.core.retrieval.Similarity;
import dev.embedlab.core.retrieval.TopK;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;

/**
 * The scan of {@link IvfRetriever}'s flat lists: every row of a probed list scored against one
 * query and offered to one {@link TopK}, with scores equal bit for bit to
 * {@link VectorUtil#dotUnchecked} on every JVM, so results never depend on the kernel.
 *
 * <p>Rows are the float vectors in list order (list {@code l} is rows
 * {@code offsets[l]..offsets[l+1]}, allocated one after another at build, so a list is one run of
 * memory), and the heap's ids are in the same order: a list's scores go to the heap as one block
 * ({@link TopK#offerScores}), one comparison with the root per row once it is full.
 *
 * <p><b>Kernels.</b> Without the Vector API (Java 17, or Java 20+ without
 * {@code --add-modules jdk.incubator.vector}; the same test as {@link JVectorScoring#SCALAR}) the
 * rows are scored by core's {@link ExactScan#scoreBlock}, four rows per query load, each in
 * {@code dotUnchecked}'s order. With it, jvector's SIMD dot product screens each row first; its
 * score differs from {@code dotUnchecked}'s in the last bits (another summation order, fused
 * multiply-add), by at most {@code Δ = 2·γ·‖q‖·max‖row‖} with {@code γ = n·u/(1 - n·u)},
 * {@code u = 2^-24}, {@code n} the dimension (Higham's bound for any order of a sum of
 * {@code n} products, applied to both kernels). A row whose screening score is within
 * {@code 2Δ} of the screening k-th best can be in the exact top k, and no other can (if k rows
 * screened above {@code e_k + Δ}, k rows would beat the exact k-th score {@code e_k}); those
 * rows alone are rescored with {@code dotUnchecked} into the heap, so the top k, their scores and
 * their trec_eval tie order are exactly the scalar scan's. Typically k to a few more rows are
 * rescored.
 */
final class IvfScan {
  /** True when jvector's SIMD kernel screens the rows. */
  static final boolean SIMD = !JVectorScoring.SCALAR;
  private static final VectorTypeSupport VTS = VectorizationProvider.getInstance().getVectorTypeSupport();

  private final float[][] rows;
  private final VectorFloat<?>[] simdRows;
  private final double maxNorm;
  private final double gamma;

  /** @param rows the list-ordered float vectors, finite, all of one dimension (kept, not copied) */
  IvfScan(float[][] rows) {
    this.rows = rows;
    double m = 0;
    for (float[] r : rows) {
      m = Math.max(m, VectorUtil.norm(r));
    }
    this.maxNorm = m;
    int n = rows.length == 0 ? 0 : rows[0].length;
    double nu = n * 0x1p-24;
    // 1% above the bound covers the rounding of the bound itself
    this.gamma = 1.01 * nu / (1 - nu);
    if (SIMD) {
      simdRows = new VectorFloat<?>[rows.length];
      for (int p = 0; p < rows.length; p++) {
        simdRows[p] = VTS.createFloatVector(rows[p]);
      }
    } else {
      simdRows = null;
    }
  }

  /** Names the kernel of this JVM. */
  static String kernel() {
    return SIMD ? "jvector SIMD screening, exact rescoring with VectorUtil.dotUnchecked"
        : "ExactScan.scoreBlock (scalar, four rows per query load)";
  }

  /** Per-thread scratch for {@link #scan}. */
  static final class Scratch {
    final float[] scores;
    int[] candPos = new int[64];
    float[] candScore = new float[64];

    /** @param maxList the largest list's row count */
    Scratch(int maxList) {
      this.scores = new float[maxList];
    }
  }

  /**
   * Offers every row of lists {@code probed} (their row ranges from {@code offsets}) to {@code top}
   * with its exact score against {@code q}; {@code top}'s ids are the rows' ids in list order.
   *
   * @param screen a heap of {@code top}'s k over the same ids, for the SIMD screening (cleared here)
   */
  void scan(float[] q, int[] probed, int[] offsets, TopK top, TopK screen, Scratch s) {
    if (!SIMD) {
      float[][] one = {q};
      for (int c : probed) {
        int start = offsets[c];
        int size = offsets[c + 1] - start;
        ExactScan.scoreBlock(Similarity.DOT_PRODUCT, one, 0, 0, 1, rows, start, size, s.scores);
        top.offerScores(s.scores, 0, size, start, -1);
      }
      return;
    }
    double window = 4 * gamma * VectorUtil.norm(q) * maxNorm;
    VectorFloat<?> qv = VTS.createFloatVector(q);
    screen.clear();
    int cands = 0;
    for (int c : probed) {
      int end = offsets[c + 1];
      for (int p = offsets[c]; p < end; p++) {
        float sc = io.github.jbellis.jvector.vector.VectorUtil.dotProduct(qv, simdRows[p]);
        double thr = screen.threshold();
        if (sc >= thr - window) {
          if (cands == s.candPos.length) {
            s.candPos = java.util.Arrays.copyOf(s.candPos, 2 * cands);
            s.candScore = java.util.Arrays.copyOf(s.candScore, 2 * cands);
          }
          s.candPos[cands] = p;
          s.candScore[cands++] = sc;
          if (sc >= thr) {
            screen.offer(p, sc);
          }
        }
      }
    }
    double cut = screen.threshold() - window;
    for (int i = 0; i < cands; i++) {
      if (s.candScore[i] >= cut) {
        int p = s.candPos[i];
        top.offer(p, VectorUtil.dotUnchecked(q, rows[p]));
      }
    }
  }
}

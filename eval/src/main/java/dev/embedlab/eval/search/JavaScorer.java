package dev.embedlab.eval.search;

/**
 * The pure-Java block scorer of {@link ExactSearch}: {@code S = Q·Dᵀ} for one query block and one
 * document block, used when ND4J's native backend is not usable and for {@link ScoreBackend#JAVA}.
 *
 * <p>Each query row is scored against four documents at a time, each pair with four accumulators
 * (sixteen in all), so every query element loaded serves four documents. The summation order of a
 * pair is exactly {@code dev.embedlab.core.VectorUtil.dotUnchecked}'s (chains by {@code i mod 4}, the
 * tail into chain 0, then {@code (s0+s1)+(s2+s3)}), so a score does not depend on the block sizes or
 * on which document of a group of four it is, and equals {@code VectorUtil.dot} bit for bit. It may
 * differ from BLAS {@code sgemm} (another summation order) in the last bits of the float.
 */
final class JavaScorer {
  private JavaScorer() {}

  /**
   * Scores query rows {@code [qFrom, qTo)} of the block starting at {@code qStart} against
   * documents {@code [dStart, dStart+dRows)} into {@code out} (row-major, {@code (q-qStart)·dRows + j}).
   */
  static void score(float[][] queries, int qStart, int qFrom, int qTo, float[][] docs, int dStart,
      int dRows, float[] out) {
    for (int r = qFrom; r < qTo; r++) {
      float[] q = queries[qStart + r];
      int base = r * dRows;
      int j = 0;
      for (; j + 4 <= dRows; j += 4) {
        dot4(q, docs[dStart + j], docs[dStart + j + 1], docs[dStart + j + 2], docs[dStart + j + 3],
            out, base + j);
      }
      for (; j < dRows; j++) {
        out[base + j] = dot(q, docs[dStart + j]);
      }
    }
  }

  /** One pair, summed exactly as {@link dev.embedlab.core.VectorUtil#dotUnchecked} (the same four accumulators). */
  static float dot(float[] a, float[] b) {
    return dev.embedlab.core.VectorUtil.dotUnchecked(a, b);
  }

  /** Four pairs sharing the query, each summed as {@link #dot}. */
  private static void dot4(float[] q, float[] d0, float[] d1, float[] d2, float[] d3, float[] out,
      int o) {
    int n = q.length;
    float a0 = 0f, a1 = 0f, a2 = 0f, a3 = 0f;
    float b0 = 0f, b1 = 0f, b2 = 0f, b3 = 0f;
    float c0 = 0f, c1 = 0f, c2 = 0f, c3 = 0f;
    float e0 = 0f, e1 = 0f, e2 = 0f, e3 = 0f;
    int i = 0;
    for (int bound = n & ~3; i < bound; i += 4) {
      float q0 = q[i];
      float q1 = q[i + 1];
      float q2 = q[i + 2];
      float q3 = q[i + 3];
      a0 += q0 * d0[i];
      a1 += q1 * d0[i + 1];
      a2 += q2 * d0[i + 2];
      a3 += q3 * d0[i + 3];
      b0 += q0 * d1[i];
      b1 += q1 * d1[i + 1];
      b2 += q2 * d1[i + 2];
      b3 += q3 * d1[i + 3];
      c0 += q0 * d2[i];
      c1 += q1 * d2[i + 1];
      c2 += q2 * d2[i + 2];
      c3 += q3 * d2[i + 3];
      e0 += q0 * d3[i];
      e1 += q1 * d3[i + 1];
      e2 += q2 * d3[i + 2];
      e3 += q3 * d3[i + 3];
    }
    for (; i < n; i++) {
      float qi = q[i];
      a0 += qi * d0[i];
      b0 += qi * d1[i];
      c0 += qi * d2[i];
      e0 += qi * d3[i];
    }
    out[o] = (a0 + a1) + (a2 + a3);
    out[o + 1] = (b0 + b1) + (b2 + b3);
    out[o + 2] = (c0 + c1) + (c2 + c3);
    out[o + 3] = (e0 + e1) + (e2 + e3);
  }
}

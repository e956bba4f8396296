package dev.embedlab.ann;

import dev.embedlab.core.VectorUtil;

/**
 * The IVF build's assignment kernel: for every row, the list whose centroid is nearest (largest
 * {@code v·c - ||c||²/2}, lowest index on a tie), with each product {@code v·c} equal bit for bit to
 * {@link VectorUtil#dotUnchecked}{@code (v, c)}.
 *
 * <p>How: the centroids are held dimension-major ({@code t[d·nlist + c]}), so the innermost loop
 * runs over the centroids, {@code acc[c] += v[d]·t[d·nlist + c]}, an element-wise update the JIT
 * compiles to SIMD instructions (a dot product's reduction it does not vectorise, as reordering
 * the sum would change the float result). {@code dotUnchecked} sums four chains, lane {@code d mod 4}
 * for {@code d} below the largest multiple of 4 and the tail into lane 0, then
 * {@code (s0 + s1) + (s2 + s3)}; the kernel keeps one accumulator array per lane and adds them in
 * that order, and Java float arithmetic is exact IEEE without contraction into fused multiply-adds,
 * so every product comes out as {@code dotUnchecked}'s. Four rows share each load of the table. For
 * 100k × 384 rows and 256 lists this is several times faster than scoring one pair at a time (see
 * docs/notes/ivfbuild.md), with the same lists.
 */
final class CentroidTable {
  private final int dim;
  private final int nlist;
  /** Dimension-major centroids: {@code t[d][c]} is component d of centroid c. */
  private final float[][] t;
  private final double[] halfNorms;

  /** @param halfNorms per centroid {@code ||c||²/2}, summed in double */
  CentroidTable(float[][] centroids, double[] halfNorms) {
    this.nlist = centroids.length;
    this.dim = centroids[0].length;
    this.t = new float[dim][nlist];
    for (int c = 0; c < nlist; c++) {
      for (int d = 0; d < dim; d++) {
        t[d][c] = centroids[c][d];
      }
    }
    this.halfNorms = halfNorms;
  }

  /** Writes the nearest list of each row {@code from <= i < to} into {@code out[i]}. */
  void nearest(float[][] rows, int from, int to, int[] out) {
    float[][] acc = new float[16][nlist]; // [row of four][lane]
    float[] scores = new float[nlist];
    int i = from;
    for (; i + 4 <= to; i += 4) {
      block4(rows[i], rows[i + 1], rows[i + 2], rows[i + 3], acc);
      for (int r = 0; r < 4; r++) {
        float[] s0 = acc[4 * r];
        float[] s1 = acc[4 * r + 1];
        float[] s2 = acc[4 * r + 2];
        float[] s3 = acc[4 * r + 3];
        for (int c = 0; c < nlist; c++) {
          scores[c] = (s0[c] + s1[c]) + (s2[c] + s3[c]);
        }
        out[i + r] = best(scores);
      }
    }
    for (; i < to; i++) {
      for (int c = 0; c < nlist; c++) {
        float s = 0; // one row: dotUnchecked itself, reading the centroid back from the table
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float[] v = rows[i];
        int d = 0;
        for (int bound = dim & ~3; d < bound; d += 4) {
          s += v[d] * t[d][c];
          s1 += v[d + 1] * t[d + 1][c];
          s2 += v[d + 2] * t[d + 2][c];
          s3 += v[d + 3] * t[d + 3][c];
        }
        for (; d < dim; d++) {
          s += v[d] * t[d][c];
        }
        scores[c] = (s + s1) + (s2 + s3);
      }
      out[i] = best(scores);
    }
  }

  /** Lanes of four rows' products: {@code acc[4r + l][c]} sums lane {@code l} of row {@code r} against centroid c. */
  private void block4(float[] a, float[] b, float[] e, float[] f, float[][] acc) {
    for (float[] z : acc) {
      java.util.Arrays.fill(z, 0f);
    }
    int bound = dim & ~3;
    for (int d = 0; d < dim; d++) {
      int lane = d < bound ? d & 3 : 0; // the tail goes into lane 0, after the rest, as in dotUnchecked
      float[] p0 = acc[lane];
      float[] p1 = acc[4 + lane];
      float[] p2 = acc[8 + lane];
      float[] p3 = acc[12 + lane];
      float xa = a[d];
      float xb = b[d];
      float xe = e[d];
      float xf = f[d];
      float[] td = t[d];
      for (int c = 0; c < nlist; c++) { // every array at index c: nothing for the JIT to prove about aliasing
        float tv = td[c];
        p0[c] += xa * tv;
        p1[c] += xb * tv;
        p2[c] += xe * tv;
        p3[c] += xf * tv;
      }
    }
  }

  /** The largest {@code score - halfNorm}, in double, lowest index on a tie. */
  private int best(float[] scores) {
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < nlist; c++) {
      double s = scores[c] - halfNorms[c];
      if (s > bestScore) {
        bestScore = s;
        best = c;
      }
    }
    return best;
  }
}

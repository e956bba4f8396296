package dev.embedlab.tune.adapter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Multiple-negatives ranking loss of a linear adapter, with its analytical gradient.
 *
 * <p>For a batch of B examples with candidate documents {@code x_1..x_C} (the batch's positives and
 * hard negatives, de-duplicated by id):
 * <pre>
 *   u_i = W q_i + b,       û_i = u_i / ‖u_i‖
 *   v_j = x_j (QUERY) or W x_j + b (BOTH),   v̂_j = v_j / ‖v_j‖
 *   s_ij = scale · û_i·v̂_j                 (masked: −∞ for j relevant to i but not i's positive)
 *   L = (1/B) Σ_i [ log Σ_j exp(s_ij) − s_i,p(i) ]  +  λ (‖W − I‖²_F + ‖b‖²)
 * </pre>
 * the loss of sentence-transformers' {@code MultipleNegativesRankingLoss} (scale 20 = temperature
 * 0.05; Henderson et al. 2017, "Efficient Natural Language Response Suggestion for Smart Reply")
 * on adapted query vectors. Gradient, with {@code G_ij = (softmax(s_i)_j − [j = p(i)]) / B}:
 * <pre>
 *   ∂L/∂û_i = scale Σ_j G_ij v̂_j,    ∂L/∂v̂_j = scale Σ_i G_ij û_i
 *   ∂L/∂u   = (I − û ûᵀ) ∂L/∂û / ‖u‖          (derivative of normalisation)
 *   ∂L/∂W   = Σ_i ∂L/∂u_i q_iᵀ [+ Σ_j ∂L/∂v_j x_jᵀ]  + 2λ (W − I)
 *   ∂L/∂b   = Σ_i ∂L/∂u_i     [+ Σ_j ∂L/∂v_j]       + 2λ b
 * </pre>
 * Everything is computed in double on flat row-major arrays; the inner products are row·row so
 * every loop reads memory contiguously. Verified against central finite differences in the tests.
 */
public final class MnrlLoss {
  private static final double NORM_EPS = 1e-12;

  private MnrlLoss() {}

  /**
   * A batch in matrix form.
   *
   * @param b number of anchors
   * @param c number of candidate columns
   * @param d dimension
   * @param queries B×d row-major
   * @param candidates C×d row-major
   * @param positiveColumn for each anchor, the column of its positive
   * @param masked B×C, true where a column is excluded from the anchor's softmax
   */
  record Batch(int b, int c, int d, double[] queries, double[] candidates, int[] positiveColumn, boolean[] masked) {}

  /** Builds the matrix form of a batch: candidate columns are positives then negatives, de-duplicated by id. */
  static Batch batch(List<TrainingExample> examples) {
    int b = examples.size();
    int d = examples.get(0).dimension();
    Map<String, float[]> columns = new LinkedHashMap<>();
    for (TrainingExample e : examples) {
      columns.putIfAbsent(e.positiveId(), e.positive());
    }
    for (TrainingExample e : examples) {
      for (int k = 0; k < e.negatives().length; k++) {
        columns.putIfAbsent(e.negativeIds().get(k), e.negatives()[k]);
      }
    }
    int c = columns.size();
    double[] q = new double[b * d];
    double[] x = new double[c * d];
    String[] ids = new String[c];
    Map<String, Integer> index = new LinkedHashMap<>();
    int j = 0;
    for (Map.Entry<String, float[]> en : columns.entrySet()) {
      ids[j] = en.getKey();
      index.put(en.getKey(), j);
      float[] v = en.getValue();
      if (v.length != d) {
        throw new IllegalArgumentException("vector dimensions differ: " + v.length + "!=" + d + " (doc " + en.getKey() + ")");
      }
      for (int t = 0; t < d; t++) {
        x[j * d + t] = v[t];
      }
      j++;
    }
    int[] pos = new int[b];
    boolean[] masked = new boolean[b * c];
    for (int i = 0; i < b; i++) {
      TrainingExample e = examples.get(i);
      if (e.dimension() != d) {
        throw new IllegalArgumentException("vector dimensions differ: " + e.dimension() + "!=" + d + " (query " + e.queryId() + ")");
      }
      for (int t = 0; t < d; t++) {
        q[i * d + t] = e.query()[t];
      }
      pos[i] = index.get(e.positiveId());
      for (int col = 0; col < c; col++) {
        masked[i * c + col] = col != pos[i] && e.relevantIds().contains(ids[col]);
      }
    }
    return new Batch(b, c, d, q, x, pos, masked);
  }

  /**
   * Loss of the batch; when {@code gradW} is non-null, adds ∂L/∂W to it (and ∂L/∂b to {@code gradB}
   * when both it and {@code bias} are non-null).
   *
   * @param w d×d row-major
   * @param bias length d or null
   * @param l2 λ of the pull toward identity (0 for none)
   */
  static double lossAndGradient(Batch batch, double[] w, double[] bias, AdapterSides sides, double scale,
      double l2, double[] gradW, double[] gradB) {
    final int b = batch.b(), c = batch.c(), d = batch.d();
    final boolean both = sides == AdapterSides.BOTH;
    double[] u = affine(batch.queries(), b, d, w, bias);
    double[] uNorm = normalizeRows(u, b, d);
    double[] v;
    double[] vNorm;
    if (both) {
      v = affine(batch.candidates(), c, d, w, bias);
      vNorm = normalizeRows(v, c, d);
    } else {
      v = batch.candidates().clone();
      vNorm = normalizeRows(v, c, d);
    }
    // u and v now hold the unit vectors û, v̂; uNorm/vNorm the norms before normalising.
    // S = scale·Û·V̂ᵀ, row i accumulated as Σ_t û_i[t]·V̂ᵀ[t] (contiguous, vectorisable)
    double[] vt = transpose(v, c, d);
    double[] g = new double[b * c];
    for (int i = 0; i < b; i++) {
      for (int t = 0; t < d; t++) {
        double ut = u[i * d + t];
        if (ut != 0) {
          axpy(ut, vt, t * c, g, i * c, c);
        }
      }
    }
    double loss = 0;
    for (int i = 0; i < b; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < c; j++) {
        if (batch.masked()[i * c + j]) {
          continue;
        }
        double s = scale * g[i * c + j];
        g[i * c + j] = s;
        max = Math.max(max, s);
      }
      double sum = 0;
      for (int j = 0; j < c; j++) {
        if (!batch.masked()[i * c + j]) {
          sum += Math.exp(g[i * c + j] - max);
        }
      }
      double lse = max + Math.log(sum);
      loss += lse - g[i * c + batch.positiveColumn()[i]];
      for (int j = 0; j < c; j++) {
        int k = i * c + j;
        g[k] = batch.masked()[k] ? 0 : Math.exp(g[k] - lse) / b;
      }
      g[i * c + batch.positiveColumn()[i]] -= 1.0 / b;
    }
    loss /= b;
    double reg = 0;
    if (l2 > 0) {
      for (int r = 0; r < d; r++) {
        for (int col = 0; col < d; col++) {
          double diff = w[r * d + col] - (r == col ? 1 : 0);
          reg += diff * diff;
        }
      }
      if (bias != null) {
        for (double x : bias) {
          reg += x * x;
        }
      }
      loss += l2 * reg;
    }
    if (gradW == null) {
      return loss;
    }
    // ∂L/∂û_i = scale Σ_j G_ij v̂_j, then through the normalisation, then into W (and b).
    double[] du = new double[b * d];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < c; j++) {
        double gij = g[i * c + j];
        if (gij != 0) {
          axpy(scale * gij, v, j * d, du, i * d, d);
        }
      }
    }
    backNormalize(du, u, uNorm, b, d);
    accumulateOuter(du, batch.queries(), b, d, gradW, gradB, bias != null);
    if (both) {
      double[] dv = new double[c * d];
      for (int i = 0; i < b; i++) {
        for (int j = 0; j < c; j++) {
          double gij = g[i * c + j];
          if (gij != 0) {
            axpy(scale * gij, u, i * d, dv, j * d, d);
          }
        }
      }
      backNormalize(dv, v, vNorm, c, d);
      accumulateOuter(dv, batch.candidates(), c, d, gradW, gradB, bias != null);
    }
    if (l2 > 0) {
      for (int r = 0; r < d; r++) {
        for (int col = 0; col < d; col++) {
          gradW[r * d + col] += 2 * l2 * (w[r * d + col] - (r == col ? 1 : 0));
        }
      }
      if (bias != null && gradB != null) {
        for (int r = 0; r < d; r++) {
          gradB[r] += 2 * l2 * bias[r];
        }
      }
    }
    return loss;
  }

  /**
   * rows·Wᵀ + b: out[i][r] = Σ_c W[r][c]·x[i][c] + b[r], computed as out[i] = b + Σ_c x[i][c]·Wᵀ[c]
   * so the inner loop is a contiguous axpy the JIT turns into SIMD (a dot-product reduction in
   * double is not vectorised, because it would reorder the additions).
   */
  private static double[] affine(double[] x, int n, int d, double[] w, double[] bias) {
    double[] wt = transpose(w, d, d);
    double[] out = new double[n * d];
    for (int i = 0; i < n; i++) {
      if (bias != null) {
        System.arraycopy(bias, 0, out, i * d, d);
      }
      for (int c = 0; c < d; c++) {
        double xc = x[i * d + c];
        if (xc != 0) {
          axpy(xc, wt, c * d, out, i * d, d);
        }
      }
    }
    return out;
  }

  /** The transpose of a rows×cols row-major matrix. */
  private static double[] transpose(double[] a, int rows, int cols) {
    double[] t = new double[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = a[r * cols + c];
      }
    }
    return t;
  }

  /** Normalises rows in place; returns the norms (floored at a tiny epsilon). */
  private static double[] normalizeRows(double[] x, int n, int d) {
    double[] norms = new double[n];
    for (int i = 0; i < n; i++) {
      double s = dot(x, i * d, x, i * d, d);
      double norm = Math.max(Math.sqrt(s), NORM_EPS);
      norms[i] = norm;
      double inv = 1.0 / norm;
      for (int t = 0; t < d; t++) {
        x[i * d + t] *= inv;
      }
    }
    return norms;
  }

  /** grad ← (grad − x̂ (x̂·grad)) / ‖x‖ per row: the backward pass of x ↦ x/‖x‖. */
  private static void backNormalize(double[] grad, double[] unit, double[] norms, int n, int d) {
    for (int i = 0; i < n; i++) {
      double proj = dot(unit, i * d, grad, i * d, d);
      double inv = 1.0 / norms[i];
      for (int t = 0; t < d; t++) {
        grad[i * d + t] = (grad[i * d + t] - unit[i * d + t] * proj) * inv;
      }
    }
  }

  /** gradW[r][c] += Σ_i dy[i][r]·x[i][c]; gradB[r] += Σ_i dy[i][r]. */
  private static void accumulateOuter(double[] dy, double[] x, int n, int d, double[] gradW, double[] gradB,
      boolean hasBias) {
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < d; r++) {
        double a = dy[i * d + r];
        if (a != 0) {
          axpy(a, x, i * d, gradW, r * d, d);
        }
        if (hasBias && gradB != null) {
          gradB[r] += a;
        }
      }
    }
  }

  /** Dot product of two row slices; four accumulators so the JIT can overlap the adds. */
  static double dot(double[] a, int ao, double[] b, int bo, int n) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int t = 0;
    for (int bound = n & ~3; t < bound; t += 4) {
      s0 += a[ao + t] * b[bo + t];
      s1 += a[ao + t + 1] * b[bo + t + 1];
      s2 += a[ao + t + 2] * b[bo + t + 2];
      s3 += a[ao + t + 3] * b[bo + t + 3];
    }
    for (; t < n; t++) {
      s0 += a[ao + t] * b[bo + t];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** y[yo..] += a·x[xo..] (vectorised by the JIT). */
  private static void axpy(double a, double[] x, int xo, double[] y, int yo, int n) {
    for (int t = 0; t < n; t++) {
      y[yo + t] += a * x[xo + t];
    }
  }
}

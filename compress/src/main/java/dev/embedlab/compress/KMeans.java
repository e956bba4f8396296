package dev.embedlab.compress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Seeded k-means on a flat row-major matrix: k-means++ seeding then Lloyd iterations (used per
 * sub-space by {@link ProductQuantizer}). Package-private: the public surface is the quantiser.
 *
 * <p>With {@code threads > 1} the per-point work (the seeding's distances, Lloyd's assignments) is
 * split into contiguous ranges of points, one per thread; every value is computed exactly as by one
 * thread and the sums stay sequential, so the centroids do not depend on the thread count.
 */
final class KMeans {
  private KMeans() {}

  /** Returns {@code k} centroids, row-major {@code [k][dim]}; requires {@code n >= k}. One thread. */
  static float[] fit(float[] x, int n, int dim, int k, int iterations, Random rnd) {
    return fit(x, n, dim, k, iterations, rnd, 1);
  }

  /** As {@link #fit(float[], int, int, int, int, Random)}, the per-point work on {@code threads} threads. */
  static float[] fit(float[] x, int n, int dim, int k, int iterations, Random rnd, int threads) {
    return fit(x, n, dim, k, iterations, rnd, threads, true);
  }

  /**
   * As {@link #fit(float[], int, int, int, int, Random, int)}; {@code blas} allows Lloyd's
   * assignments to be screened with BLAS products (see {@link #assignScreened}) where ND4J is usable
   * and the work is large, with the same result.
   */
  static float[] fit(float[] x, int n, int dim, int k, int iterations, Random rnd, int threads, boolean blas) {
    return fit(x, n, dim, k, iterations, rnd, threads, blas, n, 0);
  }

  /**
   * As {@link #fit(float[], int, int, int, int, Random, int, boolean)}, cheaper where asked: k-means++
   * seeds from {@code seedRows} rows drawn at random with {@code rnd} (before the seeding's own draws;
   * every row when {@code seedRows >= n}; at least {@code k}), and Lloyd stops once an iteration
   * changes at most {@code stopChanges} assignments (0: only when none changes). With
   * {@code seedRows >= n} and {@code stopChanges = 0} it is exactly the overload above.
   */
  static float[] fit(float[] x, int n, int dim, int k, int iterations, Random rnd, int threads, boolean blas,
      int seedRows, int stopChanges) {
    int parts = Math.max(1, Math.min(threads, n / 1024)); // below ~1k points a range is not worth a thread
    boolean screen = blas && iterations > 0 && dim >= 32 && (long) n * k * dim >= 20_000_000L
        && dev.embedlab.compress.internal.Nd4jSupport.isAvailable();
    if (screen) {
      try (Nd4jLinalg.Products products = new Nd4jLinalg.Products(x, n, dim)) {
        return fit(x, n, dim, k, iterations, rnd, parts, products, seedRows, stopChanges);
      }
    }
    return fit(x, n, dim, k, iterations, rnd, parts, null, seedRows, stopChanges);
  }

  private static float[] fit(float[] x, int n, int dim, int k, int iterations, Random rnd, int parts,
      Nd4jLinalg.Products products, int seedRows, int stopChanges) {
    if (parts == 1) {
      return fit(x, n, dim, k, iterations, rnd, null, 1, products, seedRows, stopChanges);
    }
    ExecutorService pool = Executors.newFixedThreadPool(parts, r -> {
      Thread th = new Thread(r, "embedlab-kmeans");
      th.setDaemon(true);
      return th;
    });
    try {
      return fit(x, n, dim, k, iterations, rnd, pool, parts, products, seedRows, stopChanges);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Runs {@code body(from, to)} over {@code parts} contiguous ranges of {@code [0, n)} (multiples of 4 but the last). */
  private static void ranges(ExecutorService pool, int parts, int n, RangeTask body) {
    if (pool == null) {
      body.run(0, n);
      return;
    }
    int step = ((n + parts - 1) / parts + 3) & ~3;
    List<Future<?>> fs = new ArrayList<>();
    for (int from = 0; from < n; from += step) {
      int f = from;
      int to = Math.min(n, from + step);
      fs.add(pool.submit(() -> body.run(f, to)));
    }
    awaitAll(fs, "k-means");
  }

  /**
   * Waits for every task, rethrowing the first failure as an {@code IllegalStateException} that
   * names {@code what} (and restoring the interrupt flag when interrupted).
   */
  static void awaitAll(List<Future<?>> tasks, String what) {
    try {
      for (Future<?> f : tasks) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + " interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
    }
  }

  @FunctionalInterface
  private interface RangeTask {
    void run(int from, int to);
  }

  private static float[] fit(float[] x, int n, int dim, int k, int iterations, Random rnd, ExecutorService pool,
      int parts, Nd4jLinalg.Products products, int seedRows, int stopChanges) {
    float[] c;
    if (seedRows < n) {
      int m = Math.max(k, seedRows);
      float[] xs = randomRows(x, n, dim, m, rnd);
      c = plusPlus(xs, m, dim, k, rnd, pool, Math.max(1, Math.min(parts, m / 1024)));
    } else {
      c = plusPlus(x, n, dim, k, rnd, pool, parts);
    }
    double[] xNorms = products == null ? null : rowNorms(x, n, dim);
    int[] assign = new int[n];
    Arrays.fill(assign, -1);
    float[] t = new float[dim * k];
    float[] norms = new float[k];
    float[] pointDist = new float[n];
    double[] sums = new double[k * dim];
    int[] counts = new int[k];
    for (int it = 0; it < iterations; it++) {
      transpose(c, 0, k, dim, t, 0);
      squaredNorms(c, k, dim, norms);
      java.util.concurrent.atomic.AtomicInteger changes = new java.util.concurrent.atomic.AtomicInteger();
      if (products != null) {
        products.times(c, k, (first, rows, g) -> ranges(pool, parts, rows, (from, to) -> changes.addAndGet(
            assignScreened(x, first, from, to, dim, c, norms, k, g, xNorms, assign))));
      } else {
        float[][] tr = rows(t, dim, k);
        ranges(pool, parts, n, (from, to) -> changes.addAndGet(assignRange(x, from, to, dim, t, tr, norms, k, assign)));
      }
      if (changes.get() <= stopChanges) {
        break;
      }
      boolean distancesKnown = false;
      Arrays.fill(sums, 0);
      Arrays.fill(counts, 0);
      for (int i = 0; i < n; i++) {
        int a = assign[i];
        counts[a]++;
        for (int d = 0; d < dim; d++) {
          sums[a * dim + d] += x[i * dim + d];
        }
      }
      for (int j = 0; j < k; j++) {
        if (counts[j] > 0) {
          for (int d = 0; d < dim; d++) {
            c[j * dim + d] = (float) (sums[j * dim + d] / counts[j]);
          }
        } else {
          // empty cluster: move it onto the point currently worst served (its distance then drops to 0)
          if (!distancesKnown) {
            for (int i = 0; i < n; i++) {
              pointDist[i] = (float) sqDist(x, i * dim, c, assign[i] * dim, dim);
            }
            distancesKnown = true;
          }
          int far = 0;
          for (int i = 1; i < n; i++) {
            if (pointDist[i] > pointDist[far]) {
              far = i;
            }
          }
          System.arraycopy(x, far * dim, c, j * dim, dim);
          pointDist[far] = Float.NEGATIVE_INFINITY;
        }
      }
    }
    return c;
  }

  /**
   * Assigns points {@code [from, to)} ({@code from} a multiple of 4) to their nearest centroids
   * ({@link #nearest4}, then {@link #nearest} for the tail), returning how many assignments changed.
   */
  private static int assignRange(float[] x, int from, int to, int dim, float[] t, float[][] tr, float[] norms, int k,
      int[] assign) {
    float[] dist = new float[k];
    float[] d1 = new float[k];
    float[] d2 = new float[k];
    float[] d3 = new float[k];
    int[] best4 = new int[4];
    int changed = 0;
    int p = from;
    for (; p + 4 <= to; p += 4) {
      nearest4(x, p * dim, dim, tr, norms, k, dist, d1, d2, d3, best4);
      for (int b = 0; b < 4; b++) {
        if (best4[b] != assign[p + b]) {
          assign[p + b] = best4[b];
          changed++;
        }
      }
    }
    for (; p < to; p++) {
      int best = nearest(x, p * dim, dim, t, 0, norms, 0, k, dist);
      if (best != assign[p]) {
        assign[p] = best;
        changed++;
      }
    }
    return changed;
  }

  private static double[] rowNorms(float[] x, int n, int dim) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int d = 0; d < dim; d++) {
        s += (double) x[i * dim + d] * x[i * dim + d];
      }
      out[i] = Math.sqrt(s);
    }
    return out;
  }

  /**
   * {@link #assignRange}'s result for rows {@code first + [from, to)}, found from BLAS products
   * {@code g[r·k + j] = x_{first+r}·c_j} (any summation order): the approximate distance
   * {@code a_j = ||c_j||² - 2·g} differs from the exact one {@code e_j} (the float sum
   * {@link #nearest} computes, in its order) by at most {@code Δ = 2·γ·(max||c||² + 2·||x||·max||c||)}
   * with {@code γ = (dim+2)·u/(1-(dim+2)·u)}, {@code u = 2^-24} (Higham's bound on both sums,
   * 10% over). Every exact minimiser then has {@code a_j <= min a + 2Δ}, so only those centroids
   * are scored exactly, and the lowest index of the exact minimum wins as in {@link #argmin}; where
   * only one centroid passes, it is the exact minimiser and is taken without scoring (most rows).
   *
   * @return how many assignments changed
   */
  static int assignScreened(float[] x, int first, int from, int to, int dim, float[] c, float[] norms, int k,
      float[] g, double[] xNorms, int[] assign) {
    double maxNorm = 0;
    for (int j = 0; j < k; j++) {
      maxNorm = Math.max(maxNorm, norms[j]);
    }
    double cMax = Math.sqrt(maxNorm) * (1 + 1e-6);
    double nu = (dim + 2) * 0x1p-24;
    double gamma = 1.1 * nu / (1 - nu);
    int changed = 0;
    for (int r = from; r < to; r++) {
      int i = first + r;
      int go = r * k;
      float amin = Float.POSITIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        amin = Math.min(amin, norms[j] - 2f * g[go + j]);
      }
      double limit = amin + 4 * gamma * (maxNorm + 2 * xNorms[i] * cMax);
      // A lone centre within the bound is the nearest whatever its exact distance: no sum needed.
      int candidates = 0;
      int lone = -1;
      for (int j = 0; j < k && candidates < 2; j++) {
        if (norms[j] - 2f * g[go + j] <= limit) {
          candidates++;
          lone = j;
        }
      }
      int best = candidates == 1 ? lone : -1;
      float bestE = Float.POSITIVE_INFINITY;
      int xo = i * dim;
      for (int j = 0; j < k && candidates > 1; j++) {
        if (norms[j] - 2f * g[go + j] <= limit) {
          float e = norms[j];
          int co = j * dim;
          for (int d = 0; d < dim; d++) {
            e += (-2f * x[xo + d]) * c[co + d];
          }
          if (best < 0 || e < bestE) {
            best = j;
            bestE = e;
          }
        }
      }
      if (best != assign[i]) {
        assign[i] = best;
        changed++;
      }
    }
    return changed;
  }

  /** {@code m <= n} distinct rows of {@code x} drawn uniformly (partial Fisher-Yates), row-major. */
  static float[] randomRows(float[] x, int n, int dim, int m, Random rnd) {
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    float[] out = new float[m * dim];
    for (int i = 0; i < m; i++) {
      int j = i + rnd.nextInt(n - i);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
      System.arraycopy(x, idx[i] * dim, out, i * dim, dim);
    }
    return out;
  }

  /** k-means++ seeding: first centre uniform, then each next one drawn with probability ∝ D². */
  static float[] plusPlus(float[] x, int n, int dim, int k, Random rnd) {
    return plusPlus(x, n, dim, k, rnd, null, 1);
  }

  private static float[] plusPlus(float[] x, int n, int dim, int k, Random rnd, ExecutorService pool, int parts) {
    float[] c = new float[k * dim];
    boolean[] chosen = new boolean[n];
    double[] d2 = new double[n];
    int first = rnd.nextInt(n);
    chosen[first] = true;
    System.arraycopy(x, first * dim, c, 0, dim);
    ranges(pool, parts, n, (from, to) -> sqDistAll(x, from, to, dim, x, first * dim, d2));
    double[] next = new double[n];
    for (int j = 1; j < k; j++) {
      double total = 0;
      for (int i = 0; i < n; i++) {
        total += d2[i];
      }
      int pick = -1;
      if (total > 0) {
        double r = rnd.nextDouble() * total;
        double acc = 0;
        for (int i = 0; i < n; i++) {
          acc += d2[i];
          if (d2[i] > 0 && acc >= r) {
            pick = i;
            break;
          }
        }
        if (pick < 0) { // rounding at the end of the cumulative sum
          for (int i = n - 1; i >= 0; i--) {
            if (d2[i] > 0) {
              pick = i;
              break;
            }
          }
        }
      } else { // all remaining points coincide with centres: take any unchosen one
        int start = rnd.nextInt(n);
        for (int i = 0; i < n && pick < 0; i++) {
          int cand = (start + i) % n;
          if (!chosen[cand]) {
            pick = cand;
          }
        }
      }
      chosen[pick] = true;
      System.arraycopy(x, pick * dim, c, j * dim, dim);
      int po = pick * dim;
      ranges(pool, parts, n, (from, to) -> sqDistAll(x, from, to, dim, x, po, next));
      for (int i = 0; i < n; i++) {
        if (next[i] < d2[i]) {
          d2[i] = next[i];
        }
      }
    }
    return c;
  }

  /**
   * {@code out[i] = sqDist(x, i·dim, b, bo, dim)} for every row {@code from <= i < to}, equal bit for bit:
   * four rows at a time, each summed in {@link #sqDist}'s order, so four independent chains of
   * additions overlap where one chain waits on each addition (k-means++ seeding's hot loop).
   */
  static void sqDistAll(float[] x, int from, int to, int dim, float[] b, int bo, double[] out) {
    int i = from;
    for (; i + 4 <= to; i += 4) {
      int o0 = i * dim;
      int o1 = o0 + dim;
      int o2 = o1 + dim;
      int o3 = o2 + dim;
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      for (int d = 0; d < dim; d++) {
        double bv = b[bo + d];
        double v0 = x[o0 + d] - bv;
        double v1 = x[o1 + d] - bv;
        double v2 = x[o2 + d] - bv;
        double v3 = x[o3 + d] - bv;
        s0 += v0 * v0;
        s1 += v1 * v1;
        s2 += v2 * v2;
        s3 += v3 * v3;
      }
      out[i] = s0;
      out[i + 1] = s1;
      out[i + 2] = s2;
      out[i + 3] = s3;
    }
    for (; i < to; i++) {
      out[i] = sqDist(x, i * dim, b, bo, dim);
    }
  }

  static double sqDist(float[] a, int ao, float[] b, int bo, int dim) {
    double s = 0;
    for (int d = 0; d < dim; d++) {
      double v = (double) a[ao + d] - b[bo + d];
      s += v * v;
    }
    return s;
  }

  /**
   * The dimension-major table {@code t} ({@code [dim][k]}, flat) as one array per dimension, for
   * {@link #nearest4}: its loop then indexes every array alike, which lets the JIT vectorise it
   * (with one flat table it cannot rule out that the table and the sums overlap).
   */
  static float[][] rows(float[] t, int dim, int k) {
    float[][] out = new float[dim][];
    for (int d = 0; d < dim; d++) {
      out[d] = java.util.Arrays.copyOfRange(t, d * k, (d + 1) * k);
    }
    return out;
  }

  /** Copies row-major {@code [k][dim]} at {@code src[so]} into dimension-major {@code [dim][k]}. */
  static void transpose(float[] src, int so, int k, int dim, float[] dst, int dOff) {
    for (int j = 0; j < k; j++) {
      for (int d = 0; d < dim; d++) {
        dst[dOff + d * k + j] = src[so + j * dim + d];
      }
    }
  }

  static void squaredNorms(float[] c, int k, int dim, float[] out) {
    for (int j = 0; j < k; j++) {
      double s = 0;
      for (int d = 0; d < dim; d++) {
        float v = c[j * dim + d];
        s += v * v;
      }
      out[j] = (float) s;
    }
  }

  /**
   * {@link #nearest} for the four consecutive points starting at {@code x[xo]}: each centroid
   * coordinate is loaded once for four points, which keeps the vector units busy rather than the loads.
   */
  static void nearest4(float[] x, int xo, int dim, float[][] t, float[] norms, int k, float[] d0,
      float[] d1, float[] d2, float[] d3, int[] out) {
    System.arraycopy(norms, 0, d0, 0, k);
    System.arraycopy(norms, 0, d1, 0, k);
    System.arraycopy(norms, 0, d2, 0, k);
    System.arraycopy(norms, 0, d3, 0, k);
    for (int d = 0; d < dim; d++) {
      float a0 = -2f * x[xo + d];
      float a1 = -2f * x[xo + dim + d];
      float a2 = -2f * x[xo + 2 * dim + d];
      float a3 = -2f * x[xo + 3 * dim + d];
      float[] row = t[d];
      for (int j = 0; j < k; j++) { // every array at index j: nothing for the JIT to prove about aliasing, so SIMD
        float c = row[j];
        d0[j] += a0 * c;
        d1[j] += a1 * c;
        d2[j] += a2 * c;
        d3[j] += a3 * c;
      }
    }
    out[0] = argmin(d0, k);
    out[1] = argmin(d1, k);
    out[2] = argmin(d2, k);
    out[3] = argmin(d3, k);
  }

  /** Lowest index of the minimum of {@code a[0..k)}: a min pass (vectorisable), then a search. */
  static int argmin(float[] a, int k) {
    float mn = Float.POSITIVE_INFINITY;
    for (int j = 0; j < k; j++) {
      mn = Math.min(mn, a[j]);
    }
    for (int j = 0; j < k; j++) {
      if (a[j] == mn) {
        return j;
      }
    }
    return 0; // only if every entry is NaN
  }

  /**
   * Index of the centroid nearest to {@code x[xo .. xo+dim)}: minimises {@code ||c||² - 2x·c} over a
   * dimension-major table, so the inner loop is over centroids (vectorisable). {@code dist} (length
   * {@code >= k}) is scratch space; the lowest index wins ties.
   */
  static int nearest(float[] x, int xo, int dim, float[] t, int to, float[] norms, int no, int k,
      float[] dist) {
    System.arraycopy(norms, no, dist, 0, k);
    for (int d = 0; d < dim; d++) {
      float xv = x[xo + d];
      float m2 = -2f * xv;
      int row = to + d * k;
      for (int j = 0; j < k; j++) {
        dist[j] += m2 * t[row + j];
      }
    }
    int best = 0;
    float bv = dist[0];
    for (int j = 1; j < k; j++) {
      if (dist[j] < bv) {
        bv = dist[j];
        best = j;
      }
    }
    return best;
  }
}

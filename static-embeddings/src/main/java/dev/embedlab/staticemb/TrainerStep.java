package dev.embedlab.staticemb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Forward and backward of one {@link StaticTrainer} batch, gradients kept per touched row (see the
 * trainer's class doc for the formulas).
 *
 * <h2>Threads and determinism</h2>
 * With {@code T} workers, each parallel loop splits its index range into {@code T} fixed contiguous
 * chunks ({@code [n·k/T, n·(k+1)/T)}); pooling and each text's gradient are written to slots owned by
 * one index, and backward passes of chunk {@code k} add into gradient map {@code k}. {@link #apply}
 * sums the maps of a row in chunk order. So a batch's result may depend on {@code T} (floating-point
 * sums in another order) but never on scheduling: same inputs and thread count, same bytes.
 */
final class TrainerStep {
  private final float[] table;
  private final float[] weights;
  private final boolean idsAreRows;
  private final int dim;
  private final int[][] tok;
  private final ChunkedWorkers workers;
  private final List<Map<Integer, double[]>> grads = new ArrayList<>();

  TrainerStep(float[] table, float[] weights, boolean idsAreRows, int dim, int[][] tok, ChunkedWorkers workers) {
    this.table = table;
    this.weights = weights;
    this.idsAreRows = idsAreRows;
    this.dim = dim;
    this.tok = tok;
    this.workers = workers;
    for (int k = 0; k < workers.threads(); k++) {
      grads.add(new TreeMap<>());
    }
  }

  /** Pooled (u), its norm and unit vector (v) of some texts, first m dims. */
  private record Pooled(int[] texts, double[][] u, double[] n, double[][] v) {}

  private Pooled pool(int[] texts, int m) {
    double[][] u = new double[texts.length][];
    double[] n = new double[texts.length];
    double[][] v = new double[texts.length][];
    workers.forChunks(texts.length, (k, from, to) -> {
      for (int i = from; i < to; i++) {
        u[i] = pooled(texts[i], m);
        n[i] = norm(u[i]);
        v[i] = unit(u[i], n[i]);
      }
    });
    return new Pooled(texts, u, n, v);
  }

  /** u (unnormalised weighted mean) of text t, first m dims. */
  private double[] pooled(int t, int m) {
    double[] u = new double[m];
    int[] ids = tok[t];
    if (ids.length == 0) {
      return u;
    }
    for (int id : ids) {
      double w = weight(id);
      int off = id * dim;
      for (int j = 0; j < m; j++) {
        u[j] += w * table[off + j];
      }
    }
    for (int j = 0; j < m; j++) {
      u[j] /= ids.length;
    }
    return u;
  }

  private double weight(int id) {
    return weights != null && idsAreRows && id < weights.length ? weights[id] : 1.0;
  }

  static double norm(double[] u) {
    double s = 0;
    for (double x : u) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  static double[] unit(double[] u, double n) {
    double[] v = new double[u.length];
    if (n > 0) {
      for (int j = 0; j < u.length; j++) {
        v[j] = u[j] / n;
      }
    }
    return v;
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += a[j] * b[j];
    }
    return s;
  }

  /** Back-propagates {@code g[i] = dL/dv} of every pooled text to its rows (null g: nothing). */
  private void backward(Pooled p, double[][] g) {
    workers.forChunks(p.texts().length, (k, from, to) -> {
      Map<Integer, double[]> into = grads.get(k);
      for (int i = from; i < to; i++) {
        if (g[i] != null) {
          backward(p.texts()[i], p.n()[i], p.v()[i], g[i], into);
        }
      }
    });
  }

  private void backward(int t, double un, double[] v, double[] g, Map<Integer, double[]> into) {
    int[] ids = tok[t];
    if (ids.length == 0 || un == 0) {
      return;
    }
    double vg = dot(v, g);
    int m = g.length;
    double[] du = new double[m];
    for (int j = 0; j < m; j++) {
      du[j] = (g[j] - v[j] * vg) / un;
    }
    for (int id : ids) {
      double w = weight(id) / ids.length;
      double[] gr = into.computeIfAbsent(id, x -> new double[dim]);
      for (int j = 0; j < m; j++) {
        gr[j] += w * du[j];
      }
    }
  }

  /**
   * Cosine regression of texts {@code base + i} onto {@code targets[i]}, both cut to their first
   * {@code min(mm, target length)} dims and renormalised.
   */
  double regress(int[] batch, int base, List<TextTarget> targets, int mm, double weight) {
    int n = batch.length;
    int m = Math.min(mm, targets.get(batch[0]).target().length);
    int[] texts = new int[n];
    for (int i = 0; i < n; i++) {
      texts[i] = base + batch[i];
    }
    Pooled p = pool(texts, m);
    double[][] g = new double[n][];
    double loss = 0;
    for (int i = 0; i < n; i++) {
      float[] tg = targets.get(batch[i]).target();
      double tn = 0;
      for (int q = 0; q < m; q++) {
        tn += (double) tg[q] * tg[q];
      }
      tn = Math.sqrt(tn);
      if (tn == 0) {
        continue;
      }
      g[i] = new double[m];
      double c = 0;
      for (int q = 0; q < m; q++) {
        double t = tg[q] / tn;
        c += p.v()[i][q] * t;
        g[i][q] = -weight * t / n;
      }
      loss += weight * (1 - c);
    }
    backward(p, g);
    return loss / n;
  }

  /** In-batch negatives (MultipleNegativesRankingLoss) with hard negatives, scale 20. */
  double mnrl(int[] batch, int[][] idx, int m) {
    final double scale = 20;
    int n = batch.length;
    List<Integer> cl = new ArrayList<>();
    for (int p : batch) {
      cl.add(idx[p][1]);
    }
    for (int p : batch) {
      if (idx[p].length == 3) {
        cl.add(idx[p][2]);
      }
    }
    int c = cl.size();
    int[] at = new int[n];
    for (int i = 0; i < n; i++) {
      at[i] = idx[batch[i]][0];
    }
    Pooled a = pool(at, m);
    Pooled cp = pool(cl.stream().mapToInt(Integer::intValue).toArray(), m);
    double[][] d = new double[n][c];
    double[] losses = new double[n];
    workers.forChunks(n, (k, from, to) -> {
      for (int i = from; i < to; i++) {
        double[] logits = new double[c];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < c; j++) {
          logits[j] = scale * dot(a.v()[i], cp.v()[j]);
          max = Math.max(max, logits[j]);
        }
        double z = 0;
        for (int j = 0; j < c; j++) {
          z += Math.exp(logits[j] - max);
        }
        losses[i] = -(logits[i] - max - Math.log(z));
        for (int j = 0; j < c; j++) {
          d[i][j] = (Math.exp(logits[j] - max) / z - (i == j ? 1 : 0)) * scale / n;
        }
      }
    });
    double[][] ga = new double[n][m];
    double[][] gc = new double[c][m];
    workers.forChunks(n, (k, from, to) -> {
      for (int i = from; i < to; i++) {
        for (int j = 0; j < c; j++) {
          for (int q = 0; q < m; q++) {
            ga[i][q] += d[i][j] * cp.v()[j][q];
          }
        }
      }
    });
    workers.forChunks(c, (k, from, to) -> {
      for (int j = from; j < to; j++) {
        for (int i = 0; i < n; i++) {
          for (int q = 0; q < m; q++) {
            gc[j][q] += d[i][j] * a.v()[i][q];
          }
        }
      }
    });
    backward(a, ga);
    backward(cp, gc);
    double loss = 0;
    for (double l : losses) {
      loss += l;
    }
    return loss / n;
  }

  /** CoSENT on scored pairs, λ = 20. */
  double cosent(int[] batch, int[][] idx, List<TrainingPair> pairs, int m) {
    final double lambda = 20;
    int n = batch.length;
    int[] texts = new int[2 * n];
    for (int i = 0; i < n; i++) {
      texts[2 * i] = idx[batch[i]][0];
      texts[2 * i + 1] = idx[batch[i]][1];
    }
    Pooled p = pool(texts, m);
    double[] cos = new double[n];
    for (int i = 0; i < n; i++) {
      cos[i] = dot(p.v()[2 * i], p.v()[2 * i + 1]);
    }
    double max = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (pairs.get(batch[i]).score() > pairs.get(batch[j]).score()) {
          max = Math.max(max, lambda * (cos[j] - cos[i]));
        }
      }
    }
    double z = Math.exp(-max);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (pairs.get(batch[i]).score() > pairs.get(batch[j]).score()) {
          z += Math.exp(lambda * (cos[j] - cos[i]) - max);
        }
      }
    }
    double[] dcos = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (pairs.get(batch[i]).score() > pairs.get(batch[j]).score()) {
          double g = Math.exp(lambda * (cos[j] - cos[i]) - max) / z * lambda;
          dcos[j] += g;
          dcos[i] -= g;
        }
      }
    }
    double[][] g = new double[2 * n][m];
    for (int i = 0; i < n; i++) {
      for (int q = 0; q < m; q++) {
        g[2 * i][q] = dcos[i] * p.v()[2 * i + 1][q];
        g[2 * i + 1][q] = dcos[i] * p.v()[2 * i][q];
      }
    }
    backward(p, g);
    return max + Math.log(z);
  }

  /** Adagrad on the touched rows ({@code G += g²; E -= lr g / (√G + ε)}), each row's gradient summed in chunk order. */
  void apply(float[] acc, double lr, double eps) {
    TreeSet<Integer> rows = new TreeSet<>();
    for (Map<Integer, double[]> g : grads) {
      rows.addAll(g.keySet());
    }
    int[] order = rows.stream().mapToInt(Integer::intValue).toArray();
    workers.forChunks(order.length, (k, from, to) -> {
      double[] sum = new double[dim];
      for (int r = from; r < to; r++) {
        int row = order[r];
        double[] g = null;
        for (Map<Integer, double[]> gm : grads) {
          double[] part = gm.get(row);
          if (part == null) {
            continue;
          }
          if (g == null) {
            g = part;
          } else {
            if (g != sum) {
              System.arraycopy(g, 0, sum, 0, dim);
              g = sum;
            }
            for (int j = 0; j < dim; j++) {
              sum[j] += part[j];
            }
          }
        }
        int off = row * dim;
        for (int j = 0; j < dim; j++) {
          double gj = g[j];
          if (gj == 0) {
            continue;
          }
          acc[off + j] += (float) (gj * gj);
          table[off + j] -= (float) (lr * gj / (Math.sqrt(acc[off + j]) + eps));
        }
      }
    });
  }
}

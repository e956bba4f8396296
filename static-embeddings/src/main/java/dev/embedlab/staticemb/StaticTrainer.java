package dev.embedlab.staticemb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the token table of a {@link StaticModel} on pairs, in pure Java.
 *
 * <h2>Model and gradients</h2>
 * A text's vector is {@code v = u / |u|} with {@code u = (1/n) Σ_i w[t_i] E[t_i]} (see
 * {@link StaticModel}). For a loss gradient {@code g = ∂L/∂v}, {@code ∂L/∂u = (g - v (v·g)) / |u|} and
 * each token occurrence adds {@code (w[t_i]/n) ∂L/∂u} to row {@code t_i}'s gradient, so a batch
 * touches only the rows of its tokens; those rows alone are updated (Adagrad with a per-value
 * accumulator: {@code G += g²; E -= lr g / (√G + ε)}), which is what makes a 30k×256 table train in
 * seconds.
 *
 * <h2>Losses</h2>
 * <ul>
 *   <li>Unscored pairs: in-batch negatives (sentence-transformers' MultipleNegativesRankingLoss):
 *       {@code L = -log softmax_j(s · cos(a_i, c_j))[i]} over the batch's positives and hard
 *       negatives {@code c}, scale {@code s = 20}.</li>
 *   <li>Scored pairs: CoSENT, {@code L = log(1 + Σ_{score_i > score_j} exp(λ (cos_j - cos_i)))},
 *       {@code λ = 20}.</li>
 *   <li>Matryoshka: the loss is summed over the prefixes {@link Builder#matryoshkaDims} of
 *       {@code u}, each renormalised, so truncated vectors stay useful.</li>
 * </ul>
 * A batch holds scored or unscored pairs only (they are batched separately).
 *
 * <h2>Determinism</h2>
 * One thread; batches drawn with {@link Builder#seed}; the same inputs give the same bytes.
 * After each epoch the {@link Builder#evaluator} scores the current model (higher is better); the
 * best epoch's table is kept and training stops after {@link Builder#patience} epochs without
 * improvement.
 */
public final class StaticTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(StaticTrainer.class);
  private static final double EPS = 1e-8;

  private final Builder b;

  private StaticTrainer(Builder b) {
    this.b = b;
  }

  /** A trainer starting from {@code initial} (not modified). */
  public static Builder builder(StaticModel initial) {
    return new Builder(initial);
  }

  /** What happened in each epoch. */
  public record EpochReport(int epoch, double meanLoss, double heldOut, boolean best) {}

  /** The trained model and the per-epoch history. */
  public record Result(StaticModel model, List<EpochReport> history, int bestEpoch, double bestHeldOut) {
    /** Copies the history. */
    public Result {
      history = List.copyOf(history);
    }
  }

  /** Runs the training. */
  public Result train(List<TrainingPair> pairs) {
    StaticModel init = b.initial;
    int dim = init.dimension();
    int[] dims = b.matryoshkaDims == null ? new int[] {dim} : b.matryoshkaDims.clone();
    for (int m : dims) {
      if (m < 1 || m > dim) {
        throw new IllegalArgumentException("matryoshka dims must be in 1.." + dim + "; found " + m);
      }
    }
    float[] table = init.vectorsView().clone();
    float[] acc = new float[table.length];
    float[] weights = init.weightsView();
    int[] mapping = init.mappingView();
    int unk = init.vocab().unkId();
    // Tokenize every text once.
    List<String> texts = new ArrayList<>();
    for (TrainingPair p : pairs) {
      texts.add(p.anchor());
      texts.add(p.positive());
      if (p.hardNegative() != null) {
        texts.add(p.hardNegative());
      }
    }
    int[][] tok = new int[texts.size()][];
    try (TokenIdEncoder enc = new TokenIdEncoder(init.tokenizerView(), "trainer")) {
      for (int from = 0; from < texts.size(); from += 4096) {
        int to = Math.min(texts.size(), from + 4096);
        long[][] ids = enc.encode(texts.subList(from, to).toArray(new String[0]));
        for (int i = 0; i < ids.length; i++) {
          tok[from + i] = Arrays.stream(ids[i]).filter(t -> t != unk).limit(b.maxTokens)
              .mapToInt(t -> mapping == null ? (int) t : mapping[(int) t]).toArray();
          // Weights are per token id; keep ids when there is no mapping (the common case).
        }
      }
    }
    if (weights != null && mapping != null) {
      throw new IllegalArgumentException("training a vocabulary-quantised model with token weights is not supported");
    }
    // Index texts per pair.
    int[][] idx = new int[pairs.size()][];
    int k = 0;
    for (int i = 0; i < pairs.size(); i++) {
      TrainingPair p = pairs.get(i);
      idx[i] = p.hardNegative() != null ? new int[] {k, k + 1, k + 2} : new int[] {k, k + 1};
      k += idx[i].length;
    }
    List<Integer> scored = new ArrayList<>();
    List<Integer> unscored = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      (pairs.get(i).scored() ? scored : unscored).add(i);
    }
    Random rnd = new Random(b.seed);
    List<EpochReport> history = new ArrayList<>();
    float[] best = table.clone();
    double bestScore = b.evaluator == null ? Double.NaN : evaluate(init, table);
    int bestEpoch = 0;
    LOG.info("static training: {} pairs ({} scored), held-out before training {}", pairs.size(), scored.size(),
        String.format("%.4f", bestScore));
    int since = 0;
    for (int epoch = 1; epoch <= b.epochs; epoch++) {
      List<int[]> batches = new ArrayList<>();
      addBatches(batches, scored, rnd);
      addBatches(batches, unscored, rnd);
      java.util.Collections.shuffle(batches, rnd);
      double lossSum = 0;
      for (int[] batch : batches) {
        Step step = new Step(table, weights, mapping == null, dim, tok);
        boolean isScored = pairs.get(batch[0]).scored();
        for (int m : dims) {
          lossSum += isScored ? step.cosent(batch, idx, pairs, m) : step.mnrl(batch, idx, m);
        }
        step.apply(acc, b.learningRate);
      }
      double meanLoss = lossSum / Math.max(1, batches.size());
      double held = b.evaluator == null ? Double.NaN : evaluate(init, table);
      boolean improved = b.evaluator == null || held > bestScore;
      if (improved) {
        bestScore = held;
        bestEpoch = epoch;
        System.arraycopy(table, 0, best, 0, table.length);
        since = 0;
      } else {
        since++;
      }
      history.add(new EpochReport(epoch, meanLoss, held, improved));
      if (b.progress != null) {
        b.progress.accept(history.get(history.size() - 1));
      }
      LOG.info("static training epoch {}: loss {} held-out {}{}", epoch, String.format("%.4f", meanLoss),
          String.format("%.4f", held), improved ? " (best)" : "");
      if (since >= b.patience) {
        break;
      }
    }
    StaticModel out = rebuild(init, best);
    return new Result(out, history, bestEpoch, bestScore);
  }

  private void addBatches(List<int[]> batches, List<Integer> ids, Random rnd) {
    List<Integer> order = new ArrayList<>(ids);
    java.util.Collections.shuffle(order, rnd);
    for (int from = 0; from + 1 < order.size(); from += b.batchSize) {
      int to = Math.min(order.size(), from + b.batchSize);
      if (to - from < 2) {
        break;
      }
      batches.add(order.subList(from, to).stream().mapToInt(Integer::intValue).toArray());
    }
  }

  private double evaluate(StaticModel init, float[] table) {
    StaticModel m = rebuild(init, table.clone());
    try (StaticEmbedder e = new StaticEmbedder(m, "training")) {
      return b.evaluator.applyAsDouble(e);
    }
  }

  private static StaticModel rebuild(StaticModel init, float[] table) {
    StaticModel.Builder nb = StaticModel.builder(init.tokenizerView(), table, init.dimension())
        .normalize(init.normalize()).tokenWeights(init.weightsView()).mapping(init.mappingView());
    init.config().forEach(nb::config);
    return nb.build();
  }

  /** Forward and backward of one batch; gradients kept per touched row. */
  private static final class Step {
    private final float[] table;
    private final float[] weights;
    private final boolean idsAreRows;
    private final int dim;
    private final int[][] tok;
    private final java.util.Map<Integer, double[]> grad = new java.util.TreeMap<>();

    Step(float[] table, float[] weights, boolean idsAreRows, int dim, int[][] tok) {
      this.table = table;
      this.weights = weights;
      this.idsAreRows = idsAreRows;
      this.dim = dim;
      this.tok = tok;
    }

    /** u (unnormalised mean) of text t, first m dims. */
    double[] pooled(int t, int m) {
      double[] u = new double[m];
      int[] ids = tok[t];
      if (ids.length == 0) {
        return u;
      }
      for (int id : ids) {
        double w = weights != null && idsAreRows ? weights[id] : 1.0;
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

    /** Back-propagates g = dL/dv of text t (first m dims) to its rows. */
    void backward(int t, double[] u, double un, double[] v, double[] g) {
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
        double w = (weights != null && idsAreRows ? weights[id] : 1.0) / ids.length;
        double[] gr = grad.computeIfAbsent(id, x -> new double[dim]);
        for (int j = 0; j < m; j++) {
          gr[j] += w * du[j];
        }
      }
    }

    double mnrl(int[] batch, int[][] idx, int m) {
      final double scale = 20;
      int n = batch.length;
      List<Integer> cands = new ArrayList<>();
      for (int p : batch) {
        cands.add(idx[p][1]);
      }
      for (int p : batch) {
        if (idx[p].length == 3) {
          cands.add(idx[p][2]);
        }
      }
      int c = cands.size();
      double[][] au = new double[n][];
      double[] an = new double[n];
      double[][] av = new double[n][];
      for (int i = 0; i < n; i++) {
        au[i] = pooled(idx[batch[i]][0], m);
        an[i] = norm(au[i]);
        av[i] = unit(au[i], an[i]);
      }
      double[][] cu = new double[c][];
      double[] cn = new double[c];
      double[][] cv = new double[c][];
      for (int j = 0; j < c; j++) {
        cu[j] = pooled(cands.get(j), m);
        cn[j] = norm(cu[j]);
        cv[j] = unit(cu[j], cn[j]);
      }
      double[][] ga = new double[n][m];
      double[][] gc = new double[c][m];
      double loss = 0;
      for (int i = 0; i < n; i++) {
        double[] logits = new double[c];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < c; j++) {
          logits[j] = scale * dot(av[i], cv[j]);
          max = Math.max(max, logits[j]);
        }
        double z = 0;
        for (int j = 0; j < c; j++) {
          z += Math.exp(logits[j] - max);
        }
        loss += -(logits[i] - max - Math.log(z));
        for (int j = 0; j < c; j++) {
          double d = (Math.exp(logits[j] - max) / z - (i == j ? 1 : 0)) * scale / n;
          for (int q = 0; q < m; q++) {
            ga[i][q] += d * cv[j][q];
            gc[j][q] += d * av[i][q];
          }
        }
      }
      for (int i = 0; i < n; i++) {
        backward(idx[batch[i]][0], au[i], an[i], av[i], ga[i]);
      }
      for (int j = 0; j < c; j++) {
        backward(cands.get(j), cu[j], cn[j], cv[j], gc[j]);
      }
      return loss / n;
    }

    double cosent(int[] batch, int[][] idx, List<TrainingPair> pairs, int m) {
      final double lambda = 20;
      int n = batch.length;
      double[][] au = new double[n][];
      double[][] bu = new double[n][];
      double[] an = new double[n];
      double[] bn = new double[n];
      double[][] av = new double[n][];
      double[][] bv = new double[n][];
      double[] cos = new double[n];
      for (int i = 0; i < n; i++) {
        au[i] = pooled(idx[batch[i]][0], m);
        bu[i] = pooled(idx[batch[i]][1], m);
        an[i] = norm(au[i]);
        bn[i] = norm(bu[i]);
        av[i] = unit(au[i], an[i]);
        bv[i] = unit(bu[i], bn[i]);
        cos[i] = dot(av[i], bv[i]);
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
      for (int i = 0; i < n; i++) {
        double[] ga = new double[m];
        double[] gb = new double[m];
        for (int q = 0; q < m; q++) {
          ga[q] = dcos[i] * bv[i][q];
          gb[q] = dcos[i] * av[i][q];
        }
        backward(idx[batch[i]][0], au[i], an[i], av[i], ga);
        backward(idx[batch[i]][1], bu[i], bn[i], bv[i], gb);
      }
      return max + Math.log(z);
    }

    /** Adagrad on the touched rows, in row order. */
    void apply(float[] acc, double lr) {
      for (java.util.Map.Entry<Integer, double[]> e : grad.entrySet()) {
        int off = e.getKey() * dim;
        double[] g = e.getValue();
        for (int j = 0; j < dim; j++) {
          double gj = g[j];
          if (gj == 0) {
            continue;
          }
          acc[off + j] += (float) (gj * gj);
          table[off + j] -= (float) (lr * gj / (Math.sqrt(acc[off + j]) + EPS));
        }
      }
    }
  }

  /** Options of a {@link StaticTrainer}. */
  public static final class Builder {
    private final StaticModel initial;
    private int epochs = 5;
    private int batchSize = 64;
    private double learningRate = 0.05;
    private long seed = 42;
    private int[] matryoshkaDims;
    private int patience = 2;
    private int maxTokens = StaticEmbedder.DEFAULT_MAX_TOKENS;
    private ToDoubleFunction<StaticEmbedder> evaluator;
    private java.util.function.Consumer<EpochReport> progress;

    private Builder(StaticModel initial) {
      this.initial = Objects.requireNonNull(initial, "initial");
    }

    /** Most epochs. Default 5. */
    public Builder epochs(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("epochs must be >= 1; epochs=" + n);
      }
      this.epochs = n;
      return this;
    }

    /** Pairs per batch (in-batch negatives grow with it). Default 64. */
    public Builder batchSize(int n) {
      if (n < 2) {
        throw new IllegalArgumentException("batchSize must be >= 2; batchSize=" + n);
      }
      this.batchSize = n;
      return this;
    }

    /** Adagrad learning rate. Default 0.05. */
    public Builder learningRate(double lr) {
      if (!(lr > 0) || Double.isInfinite(lr)) {
        throw new IllegalArgumentException("learningRate must be > 0; learningRate=" + lr);
      }
      this.learningRate = lr;
      return this;
    }

    /** Seed of the batch order. Default 42. */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /** Prefix lengths the loss is summed over (e.g. 256, 128, 64); default: the full dimension only. */
    public Builder matryoshkaDims(int... dims) {
      this.matryoshkaDims = dims == null || dims.length == 0 ? null : dims.clone();
      return this;
    }

    /** Epochs without held-out improvement before stopping. Default 2. */
    public Builder patience(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("patience must be >= 1; patience=" + n);
      }
      this.patience = n;
      return this;
    }

    /** Most tokens per text used in training. Default 512. */
    public Builder maxTokens(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxTokens must be >= 1; maxTokens=" + n);
      }
      this.maxTokens = n;
      return this;
    }

    /** Held-out score of a model, higher is better (e.g. Spearman on a dev set); null: keep the last epoch. */
    public Builder evaluator(ToDoubleFunction<StaticEmbedder> e) {
      this.evaluator = e;
      return this;
    }

    /** Called after each epoch. */
    public Builder progress(java.util.function.Consumer<EpochReport> p) {
      this.progress = p;
      return this;
    }

    /** The trainer. */
    public StaticTrainer build() {
      return new StaticTrainer(this);
    }
  }
}

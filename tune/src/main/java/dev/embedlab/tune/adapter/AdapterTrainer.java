package dev.embedlab.tune.adapter;

import dev.embedlab.core.Checks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link LinearAdapter} on frozen embeddings with the multiple-negatives ranking loss
 * ({@link MnrlLoss}: in-batch positives plus mined hard negatives as candidates, scaled cosine,
 * cross-entropy with the true positive).
 *
 * <p>Procedure: the examples' distinct query ids are shuffled with {@code seed} and a
 * {@code validationFraction} of them (with all their examples) is held out; the adapter starts at
 * the identity; every epoch shuffles the training examples (same seed), steps the optimiser once per
 * batch, and evaluates the validation loss (fixed batches, no regulariser). The weights of the epoch
 * with the lowest validation loss are kept — the identity itself if no epoch beats it — and training
 * stops after {@code patience} epochs without improvement. Without a validation split all epochs run
 * and the last weights are kept. Same examples, options and seed give the same adapter.
 */
public final class AdapterTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(AdapterTrainer.class);

  private final double scale;
  private final int epochs;
  private final int batchSize;
  private final double learningRate;
  private final Optimizer optimizer;
  private final long seed;
  private final double l2ToIdentity;
  private final boolean bias;
  private final AdapterSides sides;
  private final double validationFraction;
  private final int patience;

  private AdapterTrainer(Builder b) {
    this.scale = b.scale;
    this.epochs = b.epochs;
    this.batchSize = b.batchSize;
    this.learningRate = b.learningRate;
    this.optimizer = b.optimizer;
    this.seed = b.seed;
    this.l2ToIdentity = b.l2ToIdentity;
    this.bias = b.bias;
    this.sides = b.sides;
    this.validationFraction = b.validationFraction;
    this.patience = b.patience;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Trains on {@code examples} (all of one dimension). */
  public TrainingResult train(List<TrainingExample> examples) {
    if (examples == null || examples.isEmpty()) {
      throw new IllegalArgumentException("examples must not be null or empty");
    }
    final int d = examples.get(0).dimension();
    for (int i = 0; i < examples.size(); i++) {
      if (examples.get(i) == null || examples.get(i).dimension() != d) {
        throw new IllegalArgumentException("examples[" + i + "] has dimension "
            + (examples.get(i) == null ? "null" : examples.get(i).dimension()) + "; expected " + d);
      }
    }
    long start = System.nanoTime();
    Random rng = new Random(seed);
    List<TrainingExample> train = new ArrayList<>();
    List<TrainingExample> validation = new ArrayList<>();
    split(examples, rng, train, validation);

    double[] w = new double[d * d];
    for (int i = 0; i < d; i++) {
      w[i * d + i] = 1;
    }
    double[] b = bias ? new double[d] : null;
    double[] gw = new double[d * d];
    double[] gb = bias ? new double[d] : null;
    double[] mw = null, vw = null, mb = null, vb = null;
    if (optimizer == Optimizer.ADAM) {
      mw = new double[d * d];
      vw = new double[d * d];
      mb = bias ? new double[d] : null;
      vb = bias ? new double[d] : null;
    }
    List<MnrlLoss.Batch> validationBatches = new ArrayList<>();
    for (int from = 0; from < validation.size(); from += batchSize) {
      validationBatches.add(MnrlLoss.batch(validation.subList(from, Math.min(validation.size(), from + batchSize))));
    }
    List<Double> trainLoss = new ArrayList<>();
    List<Double> valLoss = new ArrayList<>();
    double best = Double.POSITIVE_INFINITY;
    double[] bestW = w.clone();
    double[] bestB = b == null ? null : b.clone();
    int bestEpoch = 0;
    if (!validationBatches.isEmpty()) {
      best = validationLoss(validationBatches, w, b);
      valLoss.add(best);
      LOG.info("adapter training: {} train / {} validation examples, d={}, identity validation loss {}",
          train.size(), validation.size(), d, String.format("%.5f", best));
    }
    long step = 0;
    int epochsRun = 0;
    boolean stoppedEarly = false;
    int sinceBest = 0;
    for (int epoch = 1; epoch <= epochs; epoch++) {
      Collections.shuffle(train, rng);
      double sum = 0;
      int batches = 0;
      for (int from = 0; from < train.size(); from += batchSize) {
        List<TrainingExample> slice = train.subList(from, Math.min(train.size(), from + batchSize));
        if (slice.size() < 2 && train.size() >= 2) {
          continue; // a lone anchor has no in-batch negatives; its loss is only its hard negatives'
        }
        MnrlLoss.Batch batch = MnrlLoss.batch(slice);
        java.util.Arrays.fill(gw, 0);
        if (gb != null) {
          java.util.Arrays.fill(gb, 0);
        }
        sum += MnrlLoss.lossAndGradient(batch, w, b, sides, scale, l2ToIdentity, gw, gb);
        batches++;
        step++;
        update(w, gw, mw, vw, step);
        if (b != null) {
          update(b, gb, mb, vb, step);
        }
      }
      epochsRun = epoch;
      trainLoss.add(batches == 0 ? Double.NaN : sum / batches);
      if (validationBatches.isEmpty()) {
        bestW = w;
        bestB = b;
        bestEpoch = epoch;
        LOG.info("epoch {}: train loss {}", epoch, String.format("%.5f", trainLoss.get(epoch - 1)));
        continue;
      }
      double vl = validationLoss(validationBatches, w, b);
      valLoss.add(vl);
      LOG.info("epoch {}: train loss {}, validation loss {}", epoch,
          String.format("%.5f", trainLoss.get(epoch - 1)), String.format("%.5f", vl));
      if (vl < best) {
        best = vl;
        bestW = w.clone();
        bestB = b == null ? null : b.clone();
        bestEpoch = epoch;
        sinceBest = 0;
      } else if (++sinceBest >= patience) {
        stoppedEarly = epoch < epochs;
        break;
      }
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    LinearAdapter adapter = new LinearAdapter(d, toFloat(bestW), bestB == null ? null : toFloat(bestB), sides);
    TrainingReport report = new TrainingReport(train.size(), validation.size(), trainLoss, valLoss, bestEpoch,
        epochsRun, stoppedEarly, step, millis);
    LOG.info("adapter training done in {} ms: best epoch {} of {}{}, {}", millis, bestEpoch, epochsRun,
        stoppedEarly ? " (stopped early)" : "", adapter);
    return new TrainingResult(adapter, report);
  }

  /** The loss of one batch under a given adapter (no regulariser). For diagnostics and tests. */
  public double loss(List<TrainingExample> batch, LinearAdapter adapter) {
    int d = adapter.dimension();
    double[] w = new double[d * d];
    float[] wf = adapter.weights();
    for (int i = 0; i < w.length; i++) {
      w[i] = wf[i];
    }
    double[] b = null;
    if (adapter.hasBias()) {
      float[] bf = adapter.bias();
      b = new double[d];
      for (int i = 0; i < d; i++) {
        b[i] = bf[i];
      }
    }
    return MnrlLoss.lossAndGradient(MnrlLoss.batch(batch), w, b, adapter.sides(), scale, 0, null, null);
  }

  private double validationLoss(List<MnrlLoss.Batch> batches, double[] w, double[] b) {
    double sum = 0;
    long n = 0;
    for (MnrlLoss.Batch batch : batches) {
      sum += MnrlLoss.lossAndGradient(batch, w, b, sides, scale, 0, null, null) * batch.b();
      n += batch.b();
    }
    return sum / n;
  }

  private void split(List<TrainingExample> examples, Random rng, List<TrainingExample> train,
      List<TrainingExample> validation) {
    Map<String, List<TrainingExample>> byQuery = new LinkedHashMap<>();
    for (TrainingExample e : examples) {
      byQuery.computeIfAbsent(e.queryId(), k -> new ArrayList<>()).add(e);
    }
    List<String> ids = new ArrayList<>(byQuery.keySet());
    Collections.shuffle(ids, rng);
    int held = (int) Math.round(validationFraction * ids.size());
    if (validationFraction > 0 && held == 0) {
      held = 1;
    }
    if (held >= ids.size()) {
      throw new IllegalArgumentException("validationFraction leaves no training query; validationFraction="
          + validationFraction + ", queries=" + ids.size());
    }
    Set<String> val = new LinkedHashSet<>(ids.subList(0, held));
    for (TrainingExample e : examples) {
      (val.contains(e.queryId()) ? validation : train).add(e);
    }
  }

  private void update(double[] p, double[] g, double[] m, double[] v, long t) {
    if (optimizer == Optimizer.SGD) {
      for (int i = 0; i < p.length; i++) {
        p[i] -= learningRate * g[i];
      }
      return;
    }
    final double b1 = 0.9, b2 = 0.999, eps = 1e-8;
    double c1 = 1 - Math.pow(b1, t);
    double c2 = 1 - Math.pow(b2, t);
    for (int i = 0; i < p.length; i++) {
      m[i] = b1 * m[i] + (1 - b1) * g[i];
      v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
      p[i] -= learningRate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + eps);
    }
  }

  private static float[] toFloat(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = (float) a[i];
    }
    return f;
  }

  @Override
  public String toString() {
    return "AdapterTrainer[scale=" + scale + ", epochs=" + epochs + ", batchSize=" + batchSize + ", lr="
        + learningRate + ", optimizer=" + optimizer + ", seed=" + seed + ", l2ToIdentity=" + l2ToIdentity
        + ", bias=" + bias + ", sides=" + sides + ", validationFraction=" + validationFraction + ", patience="
        + patience + "]";
  }

  /** Options of an {@link AdapterTrainer}; defaults in each setter's doc. */
  public static final class Builder {
    private double scale = 20;
    private int epochs = 20;
    private int batchSize = 64;
    private double learningRate = 1e-3;
    private Optimizer optimizer = Optimizer.ADAM;
    private long seed = 42;
    private double l2ToIdentity = 0;
    private boolean bias = false;
    private AdapterSides sides = AdapterSides.QUERY;
    private double validationFraction = 0.1;
    private int patience = 3;

    private Builder() {}

    /** Cosine scale (inverse temperature). Default 20, sentence-transformers' MNRL default. */
    public Builder scale(double scale) {
      if (!(scale > 0) || !Double.isFinite(scale)) {
        throw new IllegalArgumentException("scale must be finite and > 0; scale=" + scale);
      }
      this.scale = scale;
      return this;
    }

    /** Maximum epochs. Default 20. */
    public Builder epochs(int epochs) {
      this.epochs = Checks.atLeast("epochs", epochs, 1);
      return this;
    }

    /** Anchors per batch (more = more in-batch negatives). Default 64. */
    public Builder batchSize(int batchSize) {
      this.batchSize = Checks.atLeast("batchSize", batchSize, 1);
      return this;
    }

    /** Step size. Default 1e-3. */
    public Builder learningRate(double lr) {
      if (!(lr > 0) || !Double.isFinite(lr)) {
        throw new IllegalArgumentException("learningRate must be finite and > 0; learningRate=" + lr);
      }
      this.learningRate = lr;
      return this;
    }

    /** Default {@link Optimizer#ADAM}. */
    public Builder optimizer(Optimizer optimizer) {
      this.optimizer = Checks.notNull("optimizer", optimizer);
      return this;
    }

    /** Seed of the validation split and of batch shuffling. Default 42. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** λ of the penalty {@code λ(‖W − I‖²_F + ‖b‖²)}. Default 0. */
    public Builder l2ToIdentity(double lambda) {
      if (!(lambda >= 0) || !Double.isFinite(lambda)) {
        throw new IllegalArgumentException("l2ToIdentity must be finite and >= 0; l2ToIdentity=" + lambda);
      }
      this.l2ToIdentity = lambda;
      return this;
    }

    /** Whether to learn a bias {@code b}. Default false. */
    public Builder bias(boolean bias) {
      this.bias = bias;
      return this;
    }

    /** Which texts the adapter maps. Default {@link AdapterSides#QUERY}. */
    public Builder sides(AdapterSides sides) {
      this.sides = Checks.notNull("sides", sides);
      return this;
    }

    /** Fraction of queries held out for early stopping, in [0, 1). 0 disables it. Default 0.1. */
    public Builder validationFraction(double f) {
      if (!(f >= 0 && f < 1)) {
        throw new IllegalArgumentException("validationFraction must be in [0, 1); validationFraction=" + f);
      }
      this.validationFraction = f;
      return this;
    }

    /** Epochs without validation improvement before stopping. Default 3. */
    public Builder patience(int patience) {
      this.patience = Checks.atLeast("patience", patience, 1);
      return this;
    }

    public AdapterTrainer build() {
      return new AdapterTrainer(this);
    }
  }
}

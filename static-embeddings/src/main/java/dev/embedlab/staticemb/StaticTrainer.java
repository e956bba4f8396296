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
 *   <li>Distillation targets ({@link TextTarget}): cosine regression of the student's normalised
 *       vector onto the teacher's normalised vector, {@code L = w (1 - v·t̂)}, {@code w} =
 *       {@link Builder#targetWeight}; with a translated text and the teacher's vector of the original
 *       this is Reimers &amp; Gurevych's (2020) multilingual distillation.</li>
 *   <li>Matryoshka: the loss is summed over the prefixes {@link Builder#matryoshkaDims} of
 *       {@code u}, each renormalised, so truncated vectors stay useful.</li>
 * </ul>
 * A batch holds scored pairs, unscored pairs or targets only (they are batched separately).
 *
 * <h2>Threads and determinism</h2>
 * Batches are drawn with {@link Builder#seed}; within a batch, pooling, the loss and the row updates
 * run on {@link Builder#threads} workers over fixed chunks ({@link TrainerStep}), so the same inputs
 * and thread count give the same bytes (another thread count sums in another order, so its bytes
 * may differ).
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

  /** Runs the training on pairs only. */
  public Result train(List<TrainingPair> pairs) {
    return train(pairs, List.of());
  }

  /**
   * Runs the training on pairs and distillation targets (either list may be empty, not both).
   *
   * A target shorter than the model's dimension is regressed onto the first {@code target.length}
   * dimensions only (the rest of the table, e.g. a lexical block, is left to the other losses).
   *
   * @throws IllegalArgumentException when a target is longer than the model's dimension
   */
  public Result train(List<TrainingPair> pairs, List<TextTarget> targets) {
    Objects.requireNonNull(pairs, "pairs");
    Objects.requireNonNull(targets, "targets");
    if (pairs.isEmpty() && targets.isEmpty()) {
      throw new IllegalArgumentException("nothing to train on: no pairs and no targets");
    }
    StaticModel init = b.initial;
    int dim = init.dimension();
    int[] dims = b.matryoshkaDims == null ? new int[] {dim} : b.matryoshkaDims.clone();
    for (int m : dims) {
      if (m < 1 || m > dim) {
        throw new IllegalArgumentException("matryoshka dims must be in 1.." + dim + "; found " + m);
      }
    }
    for (int i = 0; i < targets.size(); i++) {
      if (targets.get(i).target().length > dim) {
        throw new IllegalArgumentException("targets[" + i + "] has " + targets.get(i).target().length
            + " dims; expected at most the model's " + dim);
      }
    }
    float[] table = init.vectorsView().clone();
    float[] acc = new float[table.length];
    float[] weights = init.weightsView();
    int[] mapping = init.mappingView();
    int unk = init.vocab().unkId();
    CharNgrams ngrams = init.charNgrams();
    int ngramBase = init.vocab().size();
    // Tokenize every text once.
    List<String> texts = new ArrayList<>();
    for (TrainingPair p : pairs) {
      texts.add(p.anchor());
      texts.add(p.positive());
      if (p.hardNegative() != null) {
        texts.add(p.hardNegative());
      }
    }
    for (TextTarget t : targets) {
      texts.add(t.text());
    }
    int[][] tok = new int[texts.size()][];
    try (TokenIdEncoder enc = new TokenIdEncoder(init.tokenizerView(), "trainer")) {
      for (int from = 0; from < texts.size(); from += 4096) {
        int to = Math.min(texts.size(), from + 4096);
        long[][] ids = enc.encode(texts.subList(from, to).toArray(new String[0]));
        for (int i = 0; i < ids.length; i++) {
          tok[from + i] = Arrays.stream(ids[i]).filter(t -> t != unk).limit(b.maxTokens())
              .mapToInt(t -> mapping == null ? (int) t : mapping[(int) t]).toArray();
          if (ngrams != null) {
            // The text's n-gram rows follow its token rows, as StaticEmbedder pools them.
            int[] ng = ngrams.buckets(texts.get(from + i));
            int[] both = Arrays.copyOf(tok[from + i], tok[from + i].length + Math.min(ng.length, b.maxTokens()));
            for (int q = tok[from + i].length; q < both.length; q++) {
              both[q] = ngramBase + ng[q - tok[from + i].length];
            }
            tok[from + i] = both;
          }
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
    final int targetBase = k;
    List<Integer> targetIds = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      targetIds.add(i);
    }
    List<Integer> scored = new ArrayList<>();
    List<Integer> unscored = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      (pairs.get(i).scored() ? scored : unscored).add(i);
    }
    Random rnd = new Random(b.seed());
    List<EpochReport> history = new ArrayList<>();
    float[] best = table.clone();
    double bestScore = b.evaluator == null ? Double.NaN : evaluate(init, table);
    int bestEpoch = 0;
    LOG.info("static training: {} pairs ({} scored), held-out before training {}", pairs.size(), scored.size(),
        String.format("%.4f", bestScore));
    int since = 0;
    try (ChunkedWorkers workers = new ChunkedWorkers(b.threads, "static-trainer")) {
      for (int epoch = 1; epoch <= b.epochs(); epoch++) {
        List<Batch> batches = new ArrayList<>();
        addBatches(batches, scored, rnd, Kind.SCORED);
        addBatches(batches, unscored, rnd, Kind.UNSCORED);
        addBatches(batches, targetIds, rnd, Kind.TARGET);
        java.util.Collections.shuffle(batches, rnd);
        double lossSum = 0;
        for (Batch batch : batches) {
          TrainerStep step = new TrainerStep(table, weights, mapping == null, dim, tok, workers);
          for (int m : dims) {
            lossSum += switch (batch.kind()) {
              case SCORED -> step.cosent(batch.members(), idx, pairs, m);
              case UNSCORED -> step.mnrl(batch.members(), idx, m);
              case TARGET -> step.regress(batch.members(), targetBase, targets, m, b.targetWeight);
            };
          }
          step.apply(acc, b.learningRate(), EPS);
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
        if (since >= b.patience()) {
          break;
        }
      }
    }
    StaticModel out = rebuild(init, best);
    return new Result(out, history, bestEpoch, bestScore);
  }

  private enum Kind { SCORED, UNSCORED, TARGET }

  private record Batch(Kind kind, int[] members) {}

  private void addBatches(List<Batch> batches, List<Integer> ids, Random rnd, Kind kind) {
    List<Integer> order = new ArrayList<>(ids);
    java.util.Collections.shuffle(order, rnd);
    for (int from = 0; from + 1 < order.size(); from += b.batchSize()) {
      int to = Math.min(order.size(), from + b.batchSize());
      if (to - from < 2) {
        break;
      }
      batches.add(new Batch(kind, order.subList(from, to).stream().mapToInt(Integer::intValue).toArray()));
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
        .normalize(init.normalize()).tokenWeights(init.weightsView()).mapping(init.mappingView())
        .charNgrams(init.charNgrams());
    init.config().forEach(nb::config);
    return nb.build();
  }

  /**
   * Options of a {@link StaticTrainer}. Defaults: 5 epochs, learning rate 0.05, 64 pairs per batch
   * (in-batch negatives grow with it; at least 2), seed 42, patience 2, 512 tokens.
   */
  public static final class Builder extends AdagradSchedule<Builder> {
    private final StaticModel initial;
    private int[] matryoshkaDims;
    private double targetWeight = 1.0;
    private int threads = 1;
    private ToDoubleFunction<StaticEmbedder> evaluator;
    private java.util.function.Consumer<EpochReport> progress;

    private Builder(StaticModel initial) {
      super(5, 0.05, 64, 2, 2, StaticEmbedder.DEFAULT_MAX_TOKENS);
      this.initial = Objects.requireNonNull(initial, "initial");
    }

    /** Prefix lengths the loss is summed over (e.g. 256, 128, 64); default: the full dimension only. */
    public Builder matryoshkaDims(int... dims) {
      this.matryoshkaDims = dims == null || dims.length == 0 ? null : dims.clone();
      return this;
    }

    /**
     * Worker threads inside each batch. Default 1. The result is deterministic for a given count
     * (see the class doc); across counts it may differ in the last bits.
     */
    public Builder threads(int n) {
      if (n < 1 || n > 256) {
        throw new IllegalArgumentException("threads must be in 1..256; threads=" + n);
      }
      this.threads = n;
      return this;
    }

    /** Weight of the distillation-target loss against the pair losses. Default 1. */
    public Builder targetWeight(double w) {
      if (!(w > 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("targetWeight must be > 0; targetWeight=" + w);
      }
      this.targetWeight = w;
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

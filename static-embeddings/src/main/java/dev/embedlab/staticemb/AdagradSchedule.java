package dev.embedlab.staticemb;

import dev.embedlab.core.Checks;

/**
 * The schedule every trainer of a static table shares — epochs, Adagrad learning rate, batch size,
 * seed, early-stopping patience and the tokens of a text that are pooled — taken alike by
 * {@link StaticTrainer.Builder} (pairs and teacher targets) and {@link CorpusRefiner.Builder} (a
 * teacher's corpus vectors). One definition, so the validation and its messages cannot drift; each
 * trainer keeps its own defaults and its own smallest batch (in-batch negatives need two pairs).
 *
 * @param <B> the concrete builder, returned by the setters for chaining
 */
public abstract class AdagradSchedule<B extends AdagradSchedule<B>> {
  private final int minBatch;
  private int epochs;
  private double learningRate;
  private int batchSize;
  private long seed = 42;
  private int patience;
  private int maxTokens;

  /** Starts with the trainer's defaults; {@code minBatch} is the smallest batch it can learn from. */
  AdagradSchedule(int epochs, double learningRate, int batchSize, int minBatch, int patience, int maxTokens) {
    this.minBatch = minBatch;
    this.epochs = epochs;
    this.learningRate = learningRate;
    this.batchSize = batchSize;
    this.patience = patience;
    this.maxTokens = maxTokens;
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** Most passes over the training data (>= 1). */
  public final B epochs(int n) {
    this.epochs = Checks.atLeast("epochs", n, 1);
    return self();
  }

  /** Adagrad learning rate (finite, > 0). */
  public final B learningRate(double lr) {
    if (!(lr > 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("learningRate must be finite and > 0; learningRate=" + lr);
    }
    this.learningRate = lr;
    return self();
  }

  /** Examples per update (at least the trainer's smallest batch: 2 for in-batch negatives, else 1). */
  public final B batchSize(int n) {
    if (n < minBatch) {
      throw new IllegalArgumentException("batchSize must be >= " + minBatch + "; batchSize=" + n);
    }
    this.batchSize = n;
    return self();
  }

  /** Seed of the batch order (and of a held-out split where the trainer makes one). Default 42. */
  public final B seed(long s) {
    this.seed = s;
    return self();
  }

  /** Epochs without a better held-out score before stopping (>= 1). */
  public final B patience(int n) {
    this.patience = Checks.atLeast("patience", n, 1);
    return self();
  }

  /** Tokens of a text that are pooled in training, as {@link StaticEmbedder}'s limit (>= 1). */
  public final B maxTokens(int n) {
    this.maxTokens = Checks.atLeast("maxTokens", n, 1);
    return self();
  }

  final int epochs() {
    return epochs;
  }

  final double learningRate() {
    return learningRate;
  }

  final int batchSize() {
    return batchSize;
  }

  final long seed() {
    return seed;
  }

  final int patience() {
    return patience;
  }

  final int maxTokens() {
    return maxTokens;
  }
}

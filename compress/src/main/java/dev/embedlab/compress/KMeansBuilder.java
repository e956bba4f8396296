package dev.embedlab.compress;

import dev.embedlab.core.Checks;

/**
 * The options of compress's seeded k-means (k-means++ seeding, then Lloyd iterations), taken
 * alike by every builder that trains with it: {@link ProductQuantizer}'s, and builders that train
 * product quantisers of their own (IVF's coarse quantiser is a one-sub-space quantiser, its PQ lists
 * a second one). One definition, so the defaults and the validation cannot drift apart:
 * {@code iterations} 25 (FAISS's {@code niter}; 0 = k-means++ seeding only), {@code seed} 42,
 * {@code threads} 1, {@code seedingSample} 0 (seed from every training vector) and {@code stopFraction} 0
 * (stop early only when no assignment changes). A subclass may start from other defaults.
 *
 * @param <B> the concrete builder, returned by the setters for chaining
 */
public abstract class KMeansBuilder<B extends KMeansBuilder<B>> {
  private int iterations = 25;
  private long seed = 42;
  private int threads = 1;
  private int seedingSample;
  private double stopFraction;

  /** Starts with the defaults (25 iterations, seed 42, one thread). */
  protected KMeansBuilder() {}

  /** This builder as its own type: {@code B} is the subclass by the class's declaration. */
  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** Maximum Lloyd iterations (0 = k-means++ seeding only); default 25. */
  public final B iterations(int n) {
    this.iterations = Checks.atLeast("iterations", n, 0);
    return self();
  }

  /** Seed of the k-means++ draws and of the training sample; default 42. */
  public final B seed(long s) {
    this.seed = s;
    return self();
  }

  /**
   * Threads for training (a product quantiser trains its sub-spaces in parallel), and for one
   * batch's search where the built object searches; default 1.
   */
  public final B threads(int t) {
    this.threads = Checks.atLeast("threads", t, 1);
    return self();
  }

  /**
   * k-means++ draws its {@code k} first centres from a seeded random {@code perCentroid · k} of the
   * training vectors ({@code k} passes over them) instead of from all of them; 0 = all, the default.
   * A small number (16–32) makes seeding cheap where {@code k} is large.
   */
  public final B seedingSample(int perCentroid) {
    this.seedingSample = Checks.atLeast("seedingSample", perCentroid, 0);
    return self();
  }

  /**
   * Lloyd's iterations stop once one moves at most this fraction of the training vectors to another
   * centre (or after {@link #iterations}), in [0, 1); 0 = only when none moves, the default.
   */
  public final B stopFraction(double f) {
    if (!(f >= 0 && f < 1)) {
      throw new IllegalArgumentException("stopFraction must be in [0, 1); stopFraction=" + f);
    }
    this.stopFraction = f;
    return self();
  }

  /** Takes the iterations, seed and threads of {@code other} (e.g. an index builder's for its quantiser). */
  public final B kMeansOf(KMeansBuilder<?> other) {
    this.iterations = other.iterations;
    this.seed = other.seed;
    this.threads = other.threads;
    return self();
  }

  /** The iterations so far. */
  protected final int iterations() {
    return iterations;
  }

  /** The seed so far. */
  protected final long seed() {
    return seed;
  }

  /** The threads so far. */
  protected final int threads() {
    return threads;
  }

  /** The seeding sample per centre so far (0 = all training vectors). */
  protected final int seedingSample() {
    return seedingSample;
  }

  /** The early-stop fraction so far. */
  protected final double stopFraction() {
    return stopFraction;
  }
}

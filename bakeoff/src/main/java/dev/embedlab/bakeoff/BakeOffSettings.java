package dev.embedlab.bakeoff;

import dev.embedlab.core.Checks;
import dev.embedlab.data.RetrievalDataset;
import dev.embedlab.eval.metrics.Measure;
import java.time.Clock;
import java.util.List;

/**
 * The settings every bake-off builder shares — data set, hits per query, measures, primary measure,
 * significance, identical-id rule, texts per embedding call, clock — so the single-JVM {@link BakeOff} and a distributed one
 * configure (and default) them the same way and build the same {@link Measuring}.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class BakeOffSettings<B extends BakeOffSettings<B>> {
  private int k = 100;
  private Measure primary = Measure.ndcg(10);
  private List<Measure> measures;
  private Settings.SignificanceSettings significance = new Settings.SignificanceSettings(0.95, 10_000, 42, 0.05);
  private boolean excludeIdenticalIds;
  private Clock clock = Clock.systemUTC();
  private RetrievalDataset dataset;
  private int chunkSize;

  /**
   * For subclasses.
   *
   * @param defaultChunkSize texts per embedding call unless {@link #chunkSize(int)} says otherwise
   */
  protected BakeOffSettings(int defaultChunkSize) {
    this.chunkSize = defaultChunkSize;
  }

  /** The retrieval set (required). */
  public B dataset(RetrievalDataset d) {
    this.dataset = d;
    return self();
  }

  /** Texts handed to the embedder per call (progress granularity). */
  public B chunkSize(int n) {
    this.chunkSize = Checks.atLeast("chunkSize", n, 1);
    return self();
  }

  /** Texts per embedding call. */
  public int chunkSizeValue() {
    return chunkSize;
  }

  /**
   * The data set, checked with the candidate count before a bake-off is built.
   *
   * @throws IllegalArgumentException without a data set or candidates
   */
  public RetrievalDataset requireReady(int candidates) {
    if (dataset == null) {
      throw new IllegalArgumentException("dataset must be set");
    }
    if (candidates < 1) {
      throw new IllegalArgumentException("at least one candidate is required; candidates=" + candidates);
    }
    return dataset;
  }

  /** This builder, typed. */
  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** Hits retrieved per query, ≥ 10; MAP is reported at this cut (default 100: MAP@100). */
  public B k(int k) {
    if (k < 10) {
      throw new IllegalArgumentException("k must be >= 10 (Recall@10, nDCG@10 need it); k=" + k);
    }
    this.k = k;
    return self();
  }

  /**
   * The measures reported, in report order (default: Recall@1/3/5/10, MRR@10, nDCG@10, MAP@k);
   * the primary measure is appended when it is not among them.
   *
   * @throws IllegalArgumentException for an empty list
   */
  public B measures(List<Measure> ms) {
    if (ms == null || ms.isEmpty()) {
      throw new IllegalArgumentException("measures must name at least one measure; measures=" + ms);
    }
    this.measures = List.copyOf(ms);
    return self();
  }

  /** The measure candidates are ranked and compared on (default nDCG@10). */
  public B primaryMeasure(Measure m) {
    this.primary = Checks.notNull("primaryMeasure", m);
    return self();
  }

  /**
   * Significance settings: CI level (default 0.95), resamples for bootstrap and randomisation
   * test (default 10,000), seed (default 42), family-wise alpha (default 0.05).
   */
  public B significance(double level, int resamples, long seed, double alpha) {
    this.significance = new Settings.SignificanceSettings(level, resamples, seed, alpha);
    return self();
  }

  /** Skip a document whose id equals the query id (BEIR {@code ignore_identical_ids}); default off. */
  public B excludeIdenticalIds(boolean b) {
    this.excludeIdenticalIds = b;
    return self();
  }

  /** Clock for the start time in provenance (default UTC system clock). */
  public B clock(Clock c) {
    this.clock = Checks.notNull("clock", c);
    return self();
  }

  /** The measuring these settings describe (for a bake-off implementation). */
  public Measuring measuring() {
    return new Measuring(k, primary, measures, significance, excludeIdenticalIds);
  }

  /** The clock of the start time (for a bake-off implementation). */
  public Clock startClock() {
    return clock;
  }
}

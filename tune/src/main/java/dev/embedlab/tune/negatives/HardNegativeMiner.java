package dev.embedlab.tune.negatives;

import dev.embedlab.core.Checks;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mines hard negatives for (query, positive) pairs from any ranked {@link CandidateSource}.
 *
 * <p>For each pair {@code (q, p)} the candidates of {@code q} are walked best first, and each is
 * dropped by the first filter that applies:
 * <ol>
 *   <li><b>duplicate</b>: the document was already listed for {@code q};</li>
 *   <li><b>positive</b>: judged relevant to {@code q} (every relevant document of {@code q}, not
 *       only {@code p});</li>
 *   <li><b>rank window</b>: its 0-based rank {@code r} among the remaining (non-positive, distinct)
 *       candidates is outside {@code [fromRank, toRank)}. Skipping the top few ({@code fromRank > 0})
 *       is the cheap false-negative guard of sentence-transformers' {@code range_min};</li>
 *   <li><b>margin</b>: its score {@code s} exceeds {@link MarginMode#threshold}: with
 *       {@code ABSOLUTE}, {@code s > score(p) − margin}; with {@code RELATIVE},
 *       {@code s > score(p)·(1 − margin)}. A document scored (nearly) as high as the known positive
 *       is likely an unjudged positive; training against it would teach the model to push away a
 *       relevant document (Qu et al., RocketQA, NAACL 2021: denoised hard negatives);</li>
 *   <li><b>cap</b>: {@code maxPerPair} negatives were already kept.</li>
 * </ol>
 * The positive's score comes from the candidate list when {@code p} is listed, else from the
 * {@link PositiveScorer}; when neither knows it, {@link MissingPositiveScore} decides. The cap is
 * per (query, positive) pair, as in sentence-transformers' {@code num_negatives}; for a query with
 * one positive (732 of SciFact's 809 train queries) that is per query. Counts of each filter are
 * logged at INFO and returned in {@link MiningStats}.
 */
public final class HardNegativeMiner {
  private static final Logger LOG = LoggerFactory.getLogger(HardNegativeMiner.class);

  private final int fromRank;
  private final int toRank;
  private final int maxPerPair;
  private final MarginMode marginMode;
  private final double margin;
  private final MissingPositiveScore missingPositiveScore;
  private final PositiveScorer positiveScorer;

  private HardNegativeMiner(Builder b) {
    this.fromRank = b.fromRank;
    this.toRank = b.toRank;
    this.maxPerPair = b.maxPerPair;
    this.marginMode = b.marginMode;
    this.margin = b.margin;
    this.missingPositiveScore = b.missingPositiveScore;
    this.positiveScorer = b.positiveScorer;
  }

  /** A builder with defaults: window [0, 100), 5 per pair, no margin, drop pairs without score. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Mines negatives for every (query, positive) pair of {@code relevant}.
   *
   * @param relevant for each query id, its judged-relevant document ids (every one is a positive
   *     and every one is excluded from that query's negatives); iteration order is kept in the output
   * @param source ranked candidates per query
   */
  public MiningResult mine(Map<String, ? extends Collection<String>> relevant, CandidateSource source) {
    Checks.notNull("relevant", relevant);
    Checks.notNull("source", source);
    MiningStats.Accumulator acc = new MiningStats.Accumulator();
    List<MinedPair> out = new ArrayList<>();
    for (Map.Entry<String, ? extends Collection<String>> e : relevant.entrySet()) {
      String queryId = e.getKey();
      if (e.getValue() == null || e.getValue().isEmpty()) {
        continue;
      }
      Set<String> positives = new LinkedHashSet<>(e.getValue());
      List<Candidate> ranked = source.candidates(queryId);
      if (ranked == null) {
        throw new IllegalStateException("candidate source returned null for queryId=" + queryId);
      }
      Map<String, Double> listedScore = new LinkedHashMap<>();
      for (Candidate c : ranked) {
        listedScore.putIfAbsent(c.docId(), c.score());
      }
      for (String positiveId : positives) {
        acc.pairs++;
        if (ranked.isEmpty()) {
          acc.pairsWithoutCandidates++;
        }
        double posScore = positiveScore(queryId, positiveId, listedScore);
        double threshold = Double.POSITIVE_INFINITY;
        if (marginMode != MarginMode.NONE) {
          if (Double.isNaN(posScore)) {
            if (missingPositiveScore == MissingPositiveScore.DROP_PAIR) {
              acc.pairsDroppedNoPositiveScore++;
              continue;
            }
            acc.pairsUnguarded++;
          } else {
            threshold = marginMode.threshold(posScore, margin);
          }
        }
        List<Candidate> kept = select(ranked, positives, threshold, acc);
        if (kept.size() < maxPerPair) {
          acc.pairsWithFewerThanMax++;
        }
        out.add(new MinedPair(queryId, positiveId, posScore, kept));
      }
    }
    MiningStats stats = acc.snapshot();
    LOG.info("hard-negative mining (window [{}, {}), max {} per pair, margin {} {}): {}",
        fromRank, toRank, maxPerPair, marginMode, margin, stats.summary());
    return new MiningResult(out, stats);
  }

  private double positiveScore(String queryId, String positiveId, Map<String, Double> listedScore) {
    Double listed = listedScore.get(positiveId);
    if (listed != null) {
      return listed;
    }
    OptionalDouble scored = positiveScorer.score(queryId, positiveId);
    if (scored.isPresent() && Double.isFinite(scored.getAsDouble())) {
      return scored.getAsDouble();
    }
    return Double.NaN;
  }

  private List<Candidate> select(List<Candidate> ranked, Set<String> positives, double threshold,
      MiningStats.Accumulator acc) {
    List<Candidate> kept = new ArrayList<>(Math.min(maxPerPair, 16));
    Set<String> seen = new HashSet<>();
    int rank = 0;
    for (Candidate c : ranked) {
      acc.candidatesSeen++;
      if (!seen.add(c.docId())) {
        acc.droppedDuplicate++;
      } else if (positives.contains(c.docId())) {
        acc.droppedPositive++;
      } else {
        int r = rank++;
        if (r < fromRank) {
          acc.droppedAboveWindow++;
        } else if (r >= toRank) {
          acc.droppedBelowWindow++;
        } else if (c.score() > threshold) {
          acc.droppedByMargin++;
        } else if (kept.size() >= maxPerPair) {
          acc.droppedByCap++;
        } else {
          kept.add(c);
          acc.negativesKept++;
        }
      }
    }
    return kept;
  }

  @Override
  public String toString() {
    return "HardNegativeMiner[window=[" + fromRank + ", " + toRank + "), maxPerPair=" + maxPerPair
        + ", margin=" + marginMode + " " + margin + ", missingPositiveScore=" + missingPositiveScore + "]";
  }

  /** Options of a {@link HardNegativeMiner}. */
  public static final class Builder {
    private int fromRank = 0;
    private int toRank = 100;
    private int maxPerPair = 5;
    private MarginMode marginMode = MarginMode.NONE;
    private double margin = 0;
    private MissingPositiveScore missingPositiveScore = MissingPositiveScore.DROP_PAIR;
    private PositiveScorer positiveScorer = PositiveScorer.none();

    private Builder() {}

    /**
     * Keeps candidates whose 0-based rank among the non-positive candidates is in
     * {@code [fromRank, toRank)}.
     */
    public Builder rankWindow(int fromRank, int toRank) {
      Checks.atLeast("fromRank", fromRank, 0);
      if (toRank <= fromRank) {
        throw new IllegalArgumentException(
            "toRank must be > fromRank; fromRank=" + fromRank + ", toRank=" + toRank);
      }
      this.fromRank = fromRank;
      this.toRank = toRank;
      return this;
    }

    /** At most this many negatives per (query, positive) pair. */
    public Builder maxPerPair(int n) {
      this.maxPerPair = Checks.atLeast("maxPerPair", n, 1);
      return this;
    }

    /** Drops candidates with {@code score > score(positive) − margin}. */
    public Builder absoluteMargin(double margin) {
      if (!(margin >= 0) || !Double.isFinite(margin)) {
        throw new IllegalArgumentException("absolute margin must be finite and >= 0; margin=" + margin);
      }
      this.marginMode = MarginMode.ABSOLUTE;
      this.margin = margin;
      return this;
    }

    /** Drops candidates with {@code score > score(positive)·(1 − margin)}. */
    public Builder relativeMargin(double margin) {
      if (!(margin >= 0 && margin < 1)) {
        throw new IllegalArgumentException("relative margin must be in [0, 1); margin=" + margin);
      }
      this.marginMode = MarginMode.RELATIVE;
      this.margin = margin;
      return this;
    }

    /** Turns the margin guard off (the default). */
    public Builder noMargin() {
      this.marginMode = MarginMode.NONE;
      this.margin = 0;
      return this;
    }

    /** Scores positives the source does not list. Default: {@link PositiveScorer#none()}. */
    public Builder positiveScorer(PositiveScorer scorer) {
      this.positiveScorer = Checks.notNull("positiveScorer", scorer);
      return this;
    }

    /** What to do when the guard is on and the positive's score is unknown. */
    public Builder onMissingPositiveScore(MissingPositiveScore policy) {
      if (policy == null) {
        throw new IllegalArgumentException("missingPositiveScore policy must not be null");
      }
      this.missingPositiveScore = policy;
      return this;
    }

    public HardNegativeMiner build() {
      return new HardNegativeMiner(this);
    }
  }
}

package dev.embedlab.tune.negatives;

import java.util.List;

/**
 * The output of {@link HardNegativeMiner#mine}: one entry per (query, positive) pair that was not
 * dropped (pairs with zero negatives are included, so a caller sees them), and the filter counts.
 *
 * @param pairs mined pairs in input order (queries in the order given, positives in the order given)
 * @param stats what each filter dropped
 */
public record MiningResult(List<MinedPair> pairs, MiningStats stats) {
  public MiningResult {
    if (pairs == null || stats == null) {
      throw new IllegalArgumentException("pairs and stats must not be null");
    }
    pairs = List.copyOf(pairs);
  }

  /** Pairs with at least {@code n} negatives, each cut to exactly its first {@code n}: n-tuples. */
  public List<MinedPair> tuples(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1; n=" + n);
    }
    return pairs.stream()
        .filter(p -> p.negatives().size() >= n)
        .map(p -> new MinedPair(p.queryId(), p.positiveId(), p.positiveScore(), p.negatives().subList(0, n)))
        .toList();
  }
}

package dev.embedlab.tune.negatives;

/**
 * What a mining run saw and what each filter dropped. Filters apply in this order to each
 * candidate of each (query, positive) pair; a candidate is counted by the first filter that drops
 * it, so {@code candidatesSeen = droppedDuplicate + droppedPositive + droppedAboveWindow +
 * droppedBelowWindow + droppedByMargin + droppedByCap + negativesKept} (checked in the constructor).
 *
 * @param pairs (query, positive) pairs considered
 * @param pairsWithoutCandidates pairs whose query got an empty candidate list
 * @param pairsDroppedNoPositiveScore pairs dropped because the margin guard had no positive score
 *     ({@link MissingPositiveScore#DROP_PAIR})
 * @param pairsUnguarded pairs mined without the guard for lack of a positive score
 *     ({@link MissingPositiveScore#SKIP_MARGIN})
 * @param pairsWithFewerThanMax pairs (not dropped) that got fewer than {@code maxPerPair} negatives
 * @param candidatesSeen candidate entries examined over all pairs
 * @param droppedDuplicate a document listed again for the same query (first occurrence counts)
 * @param droppedPositive judged relevant to the query (any positive, not only the pair's own)
 * @param droppedAboveWindow ranked before {@code fromRank} among the non-positive candidates
 * @param droppedBelowWindow ranked at or after {@code toRank}
 * @param droppedByMargin scored above the margin threshold (probable false negative)
 * @param droppedByCap passed every filter after {@code maxPerPair} were already kept
 * @param negativesKept negatives kept over all pairs
 */
public record MiningStats(
    long pairs,
    long pairsWithoutCandidates,
    long pairsDroppedNoPositiveScore,
    long pairsUnguarded,
    long pairsWithFewerThanMax,
    long candidatesSeen,
    long droppedDuplicate,
    long droppedPositive,
    long droppedAboveWindow,
    long droppedBelowWindow,
    long droppedByMargin,
    long droppedByCap,
    long negativesKept) {

  public MiningStats {
    long[] all = {pairs, pairsWithoutCandidates, pairsDroppedNoPositiveScore, pairsUnguarded,
        pairsWithFewerThanMax, candidatesSeen, droppedDuplicate, droppedPositive, droppedAboveWindow,
        droppedBelowWindow, droppedByMargin, droppedByCap, negativesKept};
    for (long v : all) {
      if (v < 0) {
        throw new IllegalArgumentException("mining counters must be >= 0; " + describe(all));
      }
    }
    long sum = droppedDuplicate + droppedPositive + droppedAboveWindow + droppedBelowWindow
        + droppedByMargin + droppedByCap + negativesKept;
    if (sum != candidatesSeen) {
      throw new IllegalArgumentException(
          "candidatesSeen must equal the sum of drops and kept; candidatesSeen=" + candidatesSeen + ", sum=" + sum);
    }
  }

  private static String describe(long[] v) {
    return java.util.Arrays.toString(v);
  }

  /** One line for logs and reports. */
  public String summary() {
    return "pairs=" + pairs + " (no candidates " + pairsWithoutCandidates + ", dropped for unknown positive score "
        + pairsDroppedNoPositiveScore + ", unguarded " + pairsUnguarded + ", short of max " + pairsWithFewerThanMax
        + "); candidates=" + candidatesSeen + " dropped: duplicate=" + droppedDuplicate + " positive=" + droppedPositive
        + " aboveWindow=" + droppedAboveWindow + " belowWindow=" + droppedBelowWindow + " margin=" + droppedByMargin
        + " cap=" + droppedByCap + "; kept=" + negativesKept;
  }

  /** Mutable tally used while mining; {@link #snapshot()} gives the immutable record. */
  static final class Accumulator {
    long pairs, pairsWithoutCandidates, pairsDroppedNoPositiveScore, pairsUnguarded, pairsWithFewerThanMax;
    long candidatesSeen, droppedDuplicate, droppedPositive, droppedAboveWindow, droppedBelowWindow;
    long droppedByMargin, droppedByCap, negativesKept;

    MiningStats snapshot() {
      return new MiningStats(pairs, pairsWithoutCandidates, pairsDroppedNoPositiveScore, pairsUnguarded,
          pairsWithFewerThanMax, candidatesSeen, droppedDuplicate, droppedPositive, droppedAboveWindow,
          droppedBelowWindow, droppedByMargin, droppedByCap, negativesKept);
    }
  }
}

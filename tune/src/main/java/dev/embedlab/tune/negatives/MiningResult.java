package dev.embedlab.tune.negatives;

import dev.embedlab.core.Checks;
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

  /**
   * Combines two mining runs over the same pairs (e.g. dense and BM25): for each pair present in
   * either, the negatives of {@code first} then those of {@code second} not already taken, cut to
   * {@code maxPerPair}. A pair dropped by one run but kept by the other is kept. Stats are summed
   * except {@code negativesKept} and {@code pairsWithFewerThanMax}, which describe the union. Pair order: {@code first}'s, then pairs
   * only {@code second} has. In the summed stats, a candidate that passed a run's filters but is not
   * in the union (over the cap, or already taken from the other run) counts as {@code droppedByCap}.
   */
  public static MiningResult union(MiningResult first, MiningResult second, int maxPerPair) {
    if (first == null || second == null) {
      throw new IllegalArgumentException("first and second must not be null");
    }
    Checks.atLeast("maxPerPair", maxPerPair, 1);
    java.util.Map<String, MinedPair> byKey = new java.util.LinkedHashMap<>();
    java.util.Map<String, MinedPair> other = new java.util.LinkedHashMap<>();
    for (MinedPair p : second.pairs()) {
      other.put(p.queryId() + "\u0000" + p.positiveId(), p);
    }
    for (MinedPair p : first.pairs()) {
      byKey.put(p.queryId() + "\u0000" + p.positiveId(), p);
    }
    for (String key : other.keySet()) {
      byKey.putIfAbsent(key, null);
    }
    List<MinedPair> out = new java.util.ArrayList<>();
    long kept = 0;
    for (java.util.Map.Entry<String, MinedPair> e : byKey.entrySet()) {
      MinedPair a = e.getValue();
      MinedPair b = other.get(e.getKey());
      MinedPair base = a != null ? a : b;
      java.util.LinkedHashMap<String, Candidate> negs = new java.util.LinkedHashMap<>();
      for (MinedPair src : new MinedPair[] {a, b}) {
        if (src == null) {
          continue;
        }
        for (Candidate c : src.negatives()) {
          if (negs.size() < maxPerPair) {
            negs.putIfAbsent(c.docId(), c);
          }
        }
      }
      kept += negs.size();
      out.add(new MinedPair(base.queryId(), base.positiveId(), base.positiveScore(), List.copyOf(negs.values())));
    }
    MiningStats s1 = first.stats();
    MiningStats s2 = second.stats();
    long fewer = out.stream().filter(p -> p.negatives().size() < maxPerPair).count();
    long seen = s1.candidatesSeen() + s2.candidatesSeen();
    long dropsExceptCap = s1.droppedDuplicate() + s2.droppedDuplicate() + s1.droppedPositive() + s2.droppedPositive()
        + s1.droppedAboveWindow() + s2.droppedAboveWindow() + s1.droppedBelowWindow() + s2.droppedBelowWindow()
        + s1.droppedByMargin() + s2.droppedByMargin();
    // every candidate that passed the filters in either run but is not in the union counts as capped
    long capped = seen - dropsExceptCap - kept;
    MiningStats stats = new MiningStats(s1.pairs() + s2.pairs(), s1.pairsWithoutCandidates() + s2.pairsWithoutCandidates(),
        s1.pairsDroppedNoPositiveScore() + s2.pairsDroppedNoPositiveScore(), s1.pairsUnguarded() + s2.pairsUnguarded(),
        fewer, seen, s1.droppedDuplicate() + s2.droppedDuplicate(), s1.droppedPositive() + s2.droppedPositive(),
        s1.droppedAboveWindow() + s2.droppedAboveWindow(), s1.droppedBelowWindow() + s2.droppedBelowWindow(),
        s1.droppedByMargin() + s2.droppedByMargin(), capped, kept);
    return new MiningResult(out, stats);
  }

  /** Pairs with at least {@code n} negatives, each cut to exactly its first {@code n}: n-tuples. */
  public List<MinedPair> tuples(int n) {
    Checks.atLeast("n", n, 1);
    return pairs.stream()
        .filter(p -> p.negatives().size() >= n)
        .map(p -> new MinedPair(p.queryId(), p.positiveId(), p.positiveScore(), p.negatives().subList(0, n)))
        .toList();
  }
}

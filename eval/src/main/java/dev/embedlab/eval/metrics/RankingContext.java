package dev.embedlab.eval.metrics;

import dev.embedlab.data.ScoredDoc;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One query's ranking, reduced once to what every ranking measure needs (Tribuo's
 * {@code createContext}): relevance per rank in trec_eval order, the number of relevant
 * documents and the ideal gains. Immutable; every {@link #value(Measure)} is a pure function of it.
 */
public final class RankingContext {
  private final int[] rels;
  private final int numRel;
  private final int[] idealGains;

  private RankingContext(int[] rels, int numRel, int[] idealGains) {
    this.rels = rels;
    this.numRel = numRel;
    this.idealGains = idealGains;
  }

  /**
   * Builds the context of one query.
   *
   * @param judged doc id → relevance for this query (empty when unjudged)
   * @param ranked the ranked list; <em>must already be in trec_eval order</em> (as
   *     {@link dev.embedlab.data.Run#ranked} returns it); it is checked, not re-sorted
   * @throws IllegalArgumentException when {@code ranked} is not in trec_eval order
   */
  public static RankingContext of(Map<String, Integer> judged, List<ScoredDoc> ranked) {
    int[] rels = new int[ranked.size()];
    ScoredDoc prev = null;
    for (int i = 0; i < rels.length; i++) {
      ScoredDoc d = ranked.get(i);
      if (prev != null && ScoredDoc.TREC_ORDER.compare(prev, d) > 0) {
        throw new IllegalArgumentException("ranked list is not in trec_eval order at rank " + (i + 1)
            + ": " + prev + " before " + d);
      }
      Integer r = judged.get(d.docId());
      rels[i] = r == null ? 0 : r;
      prev = d;
    }
    return ofRelevances(rels, judged.values().stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * Builds a context from relevances directly.
   *
   * @param relsByRank relevance of the document at each rank (unjudged = 0), copied
   * @param allJudgedRelevances relevance of every judged document for the query, retrieved or not
   */
  public static RankingContext ofRelevances(int[] relsByRank, int[] allJudgedRelevances) {
    int numRel = 0;
    int positive = 0;
    for (int r : allJudgedRelevances) {
      if (r >= 1) {
        numRel++;
      }
      if (r > 0) {
        positive++;
      }
    }
    int[] ideal = new int[positive];
    int j = 0;
    for (int r : allJudgedRelevances) {
      if (r > 0) {
        ideal[j++] = r;
      }
    }
    Arrays.sort(ideal);
    for (int i = 0, h = ideal.length - 1; i < h; i++, h--) {
      int t = ideal[i];
      ideal[i] = ideal[h];
      ideal[h] = t;
    }
    return new RankingContext(relsByRank.clone(), numRel, ideal);
  }

  /** The context of a query the run did not answer: every measure is 0. */
  public static RankingContext empty(Map<String, Integer> judged) {
    return ofRelevances(new int[0], judged.values().stream().mapToInt(Integer::intValue).toArray());
  }

  /** @return the measure's value for this query (see {@link RankingMetrics} for each formula) */
  public double value(Measure m) {
    int k = m.k();
    return switch (m.kind()) {
      case NDCG -> RankingMetrics.ndcg(rels, idealGains, k);
      case RECALL -> RankingMetrics.recall(rels, numRel, k);
      case PRECISION -> RankingMetrics.precision(rels, k);
      case MRR -> RankingMetrics.reciprocalRank(rels, k);
      case MAP -> RankingMetrics.averagePrecision(rels, numRel, k);
      case HIT_RATE -> RankingMetrics.hitRate(rels, k);
      case R_PRECISION -> RankingMetrics.rPrecision(rels, numRel);
    };
  }

  /** @return the number of judged documents with relevance ≥ 1 */
  public int numRelevant() {
    return numRel;
  }

  /** @return the number of retrieved documents */
  public int numRetrieved() {
    return rels.length;
  }

  /** @return relevance per rank (a copy) */
  public int[] relevances() {
    return rels.clone();
  }
}

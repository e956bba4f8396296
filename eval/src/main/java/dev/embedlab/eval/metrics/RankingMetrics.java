package dev.embedlab.eval.metrics;

import dev.embedlab.core.Checks;

/**
 * Ranking metric kernels: pure static functions of one query's ranked relevance array, matching
 * trec_eval 10.0 (usnistgov/trec_eval; also pytrec_eval, BEIR and MTEB, which call it).
 *
 * <p>Inputs: {@code rels[i]} is the judged relevance of the document at rank {@code i+1} of the run
 * in trec_eval order (score descending, ties by doc id descending; unjudged = 0);
 * {@code numRel} is the number of judged documents with relevance ≥ 1 for the query, retrieved
 * or not; {@code idealGains} are the positive relevances of all judged documents, sorted
 * descending. A document is <em>relevant</em> when its relevance is ≥ 1. A cut-off {@code k}
 * larger than the list uses the whole list; {@code k} ≤ 0 means "no cut" where allowed.
 *
 * <p>Undefined cases return 0, as trec_eval does: no relevant documents (recall, AP,
 * R-precision, nDCG's zero ideal), an empty ranked list (every measure).
 */
public final class RankingMetrics {
  private static final double LN2 = Math.log(2.0);

  private RankingMetrics() {}

  private static int cut(int n, int k) {
    return k <= 0 ? n : Math.min(n, k);
  }

  /**
   * Precision@k = |relevant in top k| / k — divides by {@code k} even when fewer than k were
   * retrieved (trec_eval {@code P.k}).
   */
  public static double precision(int[] rels, int k) {
    Checks.atLeast("k", k, 1);
    return (double) relevantInTop(rels, k) / k;
  }

  /** Recall@k = |relevant in top k| / numRel; 0 when numRel = 0 (trec_eval {@code recall.k}). */
  public static double recall(int[] rels, int numRel, int k) {
    Checks.atLeast("k", k, 1);
    return numRel == 0 ? 0.0 : (double) relevantInTop(rels, k) / numRel;
  }

  /** Hit rate@k = 1 if some document in the top k is relevant, else 0 (trec_eval {@code success.k}). */
  public static double hitRate(int[] rels, int k) {
    Checks.atLeast("k", k, 1);
    return relevantInTop(rels, k) > 0 ? 1.0 : 0.0;
  }

  /** @return the number of relevant documents (rel ≥ 1) among the first min(k, n) ranks */
  public static int relevantInTop(int[] rels, int k) {
    int n = cut(rels.length, k);
    int c = 0;
    for (int i = 0; i < n; i++) {
      if (rels[i] >= 1) {
        c++;
      }
    }
    return c;
  }

  /**
   * Reciprocal rank within the top k: 1/r for the first relevant rank r ≤ k, else 0
   * (trec_eval {@code recip_rank}; with k, {@code trec_eval -M k -m recip_rank}).
   *
   * @param k cut-off, or ≤ 0 for the whole list
   */
  public static double reciprocalRank(int[] rels, int k) {
    int n = cut(rels.length, k);
    for (int i = 0; i < n; i++) {
      if (rels[i] >= 1) {
        return 1.0 / (i + 1);
      }
    }
    return 0.0;
  }

  /**
   * Average precision over the top k: AP@k = (1/numRel) Σ_{r ≤ k, rel_r ≥ 1} P@r, where numRel
   * counts all relevant documents, retrieved or not (trec_eval {@code map}, and {@code map_cut.k}
   * with a cut). 0 when numRel = 0.
   *
   * @param k cut-off, or ≤ 0 for the whole list
   */
  public static double averagePrecision(int[] rels, int numRel, int k) {
    if (numRel == 0) {
      return 0.0;
    }
    int n = cut(rels.length, k);
    int found = 0;
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
      if (rels[i] >= 1) {
        found++;
        sum += (double) found / (i + 1);
      }
    }
    return sum / numRel;
  }

  /**
   * R-precision = |relevant in top R| / R with R = numRel; 0 when numRel = 0 (trec_eval {@code Rprec}).
   */
  public static double rPrecision(int[] rels, int numRel) {
    return numRel == 0 ? 0.0 : (double) relevantInTop(rels, numRel) / numRel;
  }

  /**
   * DCG@k = Σ_{i=1..min(k,n)} g_i / log2(i+1), gain g_i = rel_i when rel_i &gt; 0, else 0 (linear
   * gain, as trec_eval: the relevance value itself; negative relevance contributes nothing).
   *
   * @param k cut-off, or ≤ 0 for the whole list
   */
  public static double dcg(int[] rels, int k) {
    int n = cut(rels.length, k);
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
      if (rels[i] > 0) {
        sum += rels[i] * LN2 / Math.log(i + 2.0);
      }
    }
    return sum;
  }

  /**
   * nDCG@k = DCG@k / IDCG@k, where IDCG@k is the DCG of {@code idealGains} (all judged positive
   * relevances sorted descending, retrieved or not) cut at k; 0 when IDCG is 0. Matches trec_eval
   * {@code ndcg_cut.k} (and {@code ndcg} without a cut), pytrec_eval and BEIR.
   *
   * @param idealGainsDesc positive gains sorted descending
   * @param k cut-off, or ≤ 0 for the whole list
   */
  public static double ndcg(int[] rels, int[] idealGainsDesc, int k) {
    double ideal = dcg(idealGainsDesc, k);
    return ideal > 0.0 ? dcg(rels, k) / ideal : 0.0;
  }
}

package dev.embedlab.bakeoff;

import dev.embedlab.data.Qrels;
import dev.embedlab.data.Run;
import dev.embedlab.data.ScoredDoc;
import dev.embedlab.eval.fusion.RankFusion;
import dev.embedlab.eval.metrics.EvaluationResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The default hybrid's fusion weights, chosen by measurement and never on the queries they are
 * reported on (as ranx's {@code optimize_fusion}, with two folds): the judged queries are split in
 * two seeded halves; on each half a grid of weighted-RRF weights {@code (1 − w, w)}, {@code w} in
 * {@code 0, 0.1, …, 1}, is scored on the primary measure, and the best weights of one half fuse the
 * other half's queries. Every query's fused ranking thus comes from weights chosen without it, so
 * the hybrid's figures (and its significance tests) are out of sample. A weight of 0 leaves a
 * ranker out: with a dense model far below BM25 the grid gives it no weight, and the hybrid falls
 * back to BM25 instead of dragging it down. Ties in the grid keep the weights closest to equal.
 */
final class HeldOutFusion {
  /** The candidate property that asks for tuned weights, and then says which were chosen. */
  static final String PROPERTY = "fusionWeights";
  /** The value of {@link #PROPERTY} that asks for tuning. */
  static final String TUNED = "tuned on held-out halves";
  private static final int STEPS = 10;

  /** The fused run and the sentence saying how its weights were chosen. */
  record Fused(Run run, String description) {}

  private HeldOutFusion() {}

  /**
   * Fuses two runs with weights chosen on the other half of the queries.
   *
   * @param names the runs' candidate names, for the description
   */
  static Fused fuse(List<Run> runs, List<String> names, Qrels qrels, Measuring m, long seed) {
    if (runs.size() != 2) {
      throw new IllegalArgumentException("held-out weights need exactly 2 runs; found " + runs.size());
    }
    List<String> qids = new ArrayList<>(qrels.queryIds());
    Collections.shuffle(qids, new Random(seed));
    Set<String> a = new HashSet<>(qids.subList(0, qids.size() / 2));
    Set<String> b = new HashSet<>(qids.subList(qids.size() / 2, qids.size()));
    List<Run> fused = new ArrayList<>();
    List<EvaluationResult> evals = new ArrayList<>();
    for (int i = 0; i <= STEPS; i++) {
      double w = (double) i / STEPS;
      Run r = RankFusion.rrf().weights(1 - w, w).build().fuse(runs).truncate(m.k());
      fused.add(r);
      evals.add(m.evaluate(qrels, r));
    }
    int bestA = best(evals, a, m);
    int bestB = best(evals, b, m);
    Map<String, List<ScoredDoc>> out = new LinkedHashMap<>();
    Run equal = fused.get(STEPS / 2);
    for (String q : equal.queryIds()) {
      Run from = a.contains(q) ? fused.get(bestB) : b.contains(q) ? fused.get(bestA) : equal;
      out.put(q, from.contains(q) ? from.ranked(q) : List.of());
    }
    String pm = m.primary().label();
    StringBuilder d = new StringBuilder(String.format(Locale.ROOT,
        "weighted RRF, weights (%s, %s) chosen on one half of the queries and used on the other (seed %d): "
            + "%s on half 1 (%d queries, %s %.4f there), %s on half 2 (%d queries, %s %.4f there)",
        names.get(0), names.get(1), seed, weights(bestA), a.size(), pm, mean(evals.get(bestA), a, m),
        weights(bestB), b.size(), pm, mean(evals.get(bestB), b, m)));
    for (int side = 0; side < 2; side++) {
      int left = side == 0 ? STEPS : 0; // index where this side's weight is 0
      if (bestA == left && bestB == left) {
        d.append("; ").append(names.get(side)).append(" left out: weight 0 on both halves, it cannot help here");
      }
    }
    return new Fused(Run.of(out), d.toString());
  }

  private static String weights(int i) {
    double w = (double) i / STEPS;
    return String.format(Locale.ROOT, "(%.1f, %.1f)", 1 - w, w);
  }

  /** The grid index with the best mean on {@code qs}; ties keep the one closest to equal weights. */
  private static int best(List<EvaluationResult> evals, Set<String> qs, Measuring m) {
    int best = -1;
    double bestMean = Double.NEGATIVE_INFINITY;
    for (int off = 0; off <= STEPS / 2; off++) {
      for (int i : off == 0 ? new int[] {STEPS / 2} : new int[] {STEPS / 2 - off, STEPS / 2 + off}) {
        if (i < 0 || i > STEPS) {
          continue;
        }
        double v = mean(evals.get(i), qs, m);
        if (v > bestMean + 1e-12) {
          bestMean = v;
          best = i;
        }
      }
    }
    return best;
  }

  private static double mean(EvaluationResult e, Set<String> qs, Measuring m) {
    double sum = 0;
    int n = 0;
    for (String q : e.queryIds()) {
      if (qs.contains(q)) {
        sum += e.value(m.primary(), q);
        n++;
      }
    }
    return n == 0 ? 0 : sum / n;
  }
}

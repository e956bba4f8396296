package dev.embedlab.eval.metrics;

import dev.embedlab.data.Qrels;
import dev.embedlab.data.Run;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a {@link Run} against {@link Qrels} on a fixed list of measures, as
 * {@code trec_eval -q -c} does by default.
 *
 * <p>For each averaged query one {@link RankingContext} is built, then every measure is a pure
 * function of it. Queries in the run but not in the qrels are ignored (as trec_eval). Query order
 * is the qrels order.
 *
 * <pre>{@code
 * RankingEvaluator ev = RankingEvaluator.of(Measure.ndcg(10), Measure.recall(10), Measure.map());
 * EvaluationResult r = ev.evaluate(qrels, run);               // trec_eval -c
 * double ndcg10 = r.mean(Measure.ndcg(10));
 * }</pre>
 */
public final class RankingEvaluator {
  private final List<Measure> measures;

  private RankingEvaluator(List<Measure> measures) {
    if (measures.isEmpty()) {
      throw new IllegalArgumentException("measures must be non-empty");
    }
    this.measures = List.copyOf(new LinkedHashSet<>(measures));
  }

  /** @return an evaluator for these measures (duplicates removed, order kept) */
  public static RankingEvaluator of(Measure... measures) {
    return new RankingEvaluator(List.of(measures));
  }

  /** @return an evaluator for these measures (duplicates removed, order kept) */
  public static RankingEvaluator of(List<Measure> measures) {
    return new RankingEvaluator(measures);
  }

  /**
   * The standard retrieval set: nDCG@k, Recall@k, P@k, MRR@k for k ∈ {1, 3, 5, 10, 100}, MAP,
   * MAP@100, hit rate@{1, 5, 10}, R-precision.
   */
  public static RankingEvaluator standard() {
    List<Measure> l = new ArrayList<>();
    for (int k : new int[] {1, 3, 5, 10, 100}) {
      l.add(Measure.ndcg(k));
      l.add(Measure.recall(k));
      l.add(Measure.precision(k));
      l.add(Measure.mrr(k));
    }
    l.add(Measure.map());
    l.add(Measure.map(100));
    l.add(Measure.hitRate(1));
    l.add(Measure.hitRate(5));
    l.add(Measure.hitRate(10));
    l.add(Measure.rPrecision());
    return new RankingEvaluator(l);
  }

  /** @return the measures */
  public List<Measure> measures() {
    return measures;
  }

  /** Evaluates with {@link Averaging#ALL_QRELS_QUERIES} ({@code trec_eval -c}). */
  public EvaluationResult evaluate(Qrels qrels, Run run) {
    return evaluate(qrels, run, Averaging.ALL_QRELS_QUERIES);
  }

  /**
   * Evaluates every measure per query and averages over the queries {@code averaging} selects.
   */
  public EvaluationResult evaluate(Qrels qrels, Run run, Averaging averaging) {
    List<String> qids = new ArrayList<>();
    for (String q : qrels.queryIds()) {
      boolean keep = switch (averaging) {
        case ALL_QRELS_QUERIES -> true;
        case RUN_QUERIES -> run.contains(q);
        case QUERIES_WITH_RELEVANT -> qrels.numRelevant(q) > 0;
      };
      if (keep) {
        qids.add(q);
      }
    }
    double[][] values = new double[measures.size()][qids.size()];
    for (int q = 0; q < qids.size(); q++) {
      String qid = qids.get(q);
      Map<String, Integer> judged = qrels.judged(qid);
      RankingContext ctx = RankingContext.of(judged, run.ranked(qid));
      for (int m = 0; m < measures.size(); m++) {
        values[m][q] = ctx.value(measures.get(m));
      }
    }
    return new EvaluationResult(measures, qids, averaging, values);
  }
}

package dev.embedlab.eval.metrics;

import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.data.Qrels;
import dev.embedlab.data.Run;
import dev.embedlab.data.ScoredDoc;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

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
    return evaluate(qrels, run::contains, run::ranked, averaging);
  }

  /**
   * Evaluates search results as they come from a {@link Ranking retriever} with
   * {@link Averaging#ALL_QRELS_QUERIES} ({@code trec_eval -c}); the same numbers as
   * {@code evaluate(qrels, Run.of(rankings))} without building a run.
   *
   * @throws IllegalArgumentException when a query id appears twice
   */
  public EvaluationResult evaluate(Qrels qrels, List<Ranking> rankings) {
    return evaluate(qrels, rankings, Averaging.ALL_QRELS_QUERIES);
  }

  /** As {@link #evaluate(Qrels, List)}, averaging over the queries {@code averaging} selects. */
  public EvaluationResult evaluate(Qrels qrels, List<Ranking> rankings, Averaging averaging) {
    Map<String, Ranking> byQuery = new HashMap<>(rankings.size() * 2);
    for (Ranking r : rankings) {
      if (byQuery.put(r.queryId(), r) != null) {
        throw new IllegalArgumentException("query id " + r.queryId() + " appears twice in the rankings");
      }
    }
    return evaluate(qrels, byQuery::containsKey, q -> {
      Ranking r = byQuery.get(q);
      if (r == null) {
        return List.of();
      }
      List<ScoredDoc> docs = new ArrayList<>(r.size());
      for (int i = 0; i < r.size(); i++) {
        docs.add(new ScoredDoc(r.docId(i), r.score(i)));
      }
      return docs;
    }, averaging);
  }

  private EvaluationResult evaluate(Qrels qrels, Predicate<String> contains, Function<String, List<ScoredDoc>> ranked,
      Averaging averaging) {
    List<String> qids = new ArrayList<>();
    for (String q : qrels.queryIds()) {
      boolean keep = switch (averaging) {
        case ALL_QRELS_QUERIES -> true;
        case RUN_QUERIES -> contains.test(q);
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
      RankingContext ctx = RankingContext.of(judged, ranked.apply(qid));
      for (int m = 0; m < measures.size(); m++) {
        values[m][q] = ctx.value(measures.get(m));
      }
    }
    return new EvaluationResult(measures, qids, averaging, values);
  }
}

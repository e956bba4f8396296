package dev.embedlab.bakeoff;

import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.data.PairDataset;
import dev.embedlab.data.Qrels;
import dev.embedlab.data.RetrievalDataset;
import dev.embedlab.data.Run;
import dev.embedlab.eval.metrics.EvaluationResult;
import dev.embedlab.eval.metrics.Measure;
import dev.embedlab.eval.metrics.RankingEvaluator;
import dev.embedlab.eval.stats.ConfidenceInterval;
import dev.embedlab.eval.stats.Holm;
import dev.embedlab.eval.stats.PairedComparison;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * How every bake-off measures and compares candidates, whatever runs them (one JVM, or Spark): the
 * measures and recall curve evaluated as {@code trec_eval -c}, a candidate's {@link Quality}, the best
 * candidate on the primary measure, the paired comparisons with it, and the provenance records of
 * the result. One instance per run; immutable.
 */
public final class Measuring {
  /** Cuts of the recall@k curve (those ≤ k are used). */
  private static final int[] CURVE_CUTS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20, 30, 40, 50, 70, 100,
      200, 500, 1000};

  private final int k;
  private final Measure primary;
  private final List<Measure> measures;
  private final List<Measure> curve;
  private final RankingEvaluator evaluator;
  private final Settings.SignificanceSettings significance;
  private final boolean excludeIdenticalIds;

  /**
   * The measuring of one run.
   *
   * @param k hits per query, {@code >= 10}
   * @param primary the measure candidates are ranked and compared on
   * @param chosen the measures to report in order, or {@code null} for {@link #defaultMeasures}
   * @param significance settings of the paired comparisons
   * @param excludeIdenticalIds whether a document whose id equals the query's is skipped
   */
  public Measuring(int k, Measure primary, List<Measure> chosen, Settings.SignificanceSettings significance,
      boolean excludeIdenticalIds) {
    if (k < 10) {
      throw new IllegalArgumentException("k must be >= 10 (Recall@10, nDCG@10 need it); k=" + k);
    }
    if (primary == null || significance == null) {
      throw new IllegalArgumentException("primary measure and significance settings must be set; primary=" + primary);
    }
    this.k = k;
    this.primary = primary;
    if (chosen != null) {
      Set<Measure> ms = new LinkedHashSet<>(chosen);
      ms.add(primary);
      this.measures = List.copyOf(ms);
    } else {
      this.measures = defaultMeasures(primary, k);
    }
    this.curve = recallCurve(k);
    List<Measure> all = new ArrayList<>(measures);
    all.addAll(curve);
    this.evaluator = RankingEvaluator.of(all);
    this.significance = significance;
    this.excludeIdenticalIds = excludeIdenticalIds;
  }

  /**
   * The measures a bake-off reports by default: Recall@1/3/5/10, MRR@10, nDCG@10, MAP@k, plus
   * {@code primary} when it is not among them.
   */
  public static List<Measure> defaultMeasures(Measure primary, int k) {
    Set<Measure> ms = new LinkedHashSet<>(List.of(Measure.recall(1), Measure.recall(3),
        Measure.recall(5), Measure.recall(10), Measure.mrr(10), Measure.ndcg(10), Measure.map(k)));
    ms.add(primary);
    return List.copyOf(ms);
  }

  /** The recall@c cuts of the report's recall curve, {@code c <= k}. */
  public static List<Measure> recallCurve(int k) {
    List<Measure> curve = new ArrayList<>();
    for (int c : CURVE_CUTS) {
      if (c <= k) {
        curve.add(Measure.recall(c));
      }
    }
    return curve;
  }

  /** Hits per query. */
  public int k() {
    return k;
  }

  /** The primary measure. */
  public Measure primary() {
    return primary;
  }

  /** The reported measures, in report order (the primary one included). */
  public List<Measure> measures() {
    return measures;
  }

  /** Whether a document whose id equals its query's is skipped. */
  public boolean excludeIdenticalIds() {
    return excludeIdenticalIds;
  }

  /** Settings of the paired comparisons. */
  public Settings.SignificanceSettings significance() {
    return significance;
  }

  /** Every reported measure and the recall curve over {@code hits}, as {@code trec_eval -c}. */
  public EvaluationResult evaluate(Qrels qrels, List<Ranking> hits) {
    return evaluate(qrels, Run.of(hits));
  }

  /** Every reported measure and the recall curve over {@code run}, as {@code trec_eval -c}. */
  public EvaluationResult evaluate(Qrels qrels, Run run) {
    return evaluator.evaluate(qrels, run);
  }

  /** Mean per measure, recall curve and per-query primary values of one evaluation. */
  public Quality quality(EvaluationResult ev) {
    Map<String, Double> means = new LinkedHashMap<>();
    for (Measure m : measures) {
      means.put(m.label(), ev.mean(m));
    }
    Map<Integer, Double> rc = new TreeMap<>();
    for (Measure m : curve) {
      rc.put(m.k(), ev.mean(m));
    }
    return new Quality(ev.numQueries(), means, new TreeMap<>(rc), ev.perQuery(primary));
  }

  /** The index of the best result on the primary measure (the first of equals), or -1 for none. */
  public int best(List<CandidateResult> results) {
    int bestIdx = -1;
    for (int i = 0; i < results.size(); i++) {
      double m = results.get(i).quality().mean(primary.label());
      if (bestIdx < 0 || m > results.get(bestIdx).quality().mean(primary.label())) {
        bestIdx = i;
      }
    }
    return bestIdx;
  }

  /**
   * Every candidate against the best on the per-query primary values: paired bootstrap CI and
   * sign-flip permutation p, Holm-adjusted over the comparisons.
   */
  public List<Comparison> compareWithBest(List<CandidateResult> results, List<double[]> perQuery, int bestIdx) {
    List<Integer> others = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      if (i != bestIdx) {
        others.add(i);
      }
    }
    double[] p = new double[others.size()];
    List<PairedComparison.Summary> sums = new ArrayList<>();
    List<int[]> wlt = new ArrayList<>();
    for (int j = 0; j < others.size(); j++) {
      PairedComparison pc = PairedComparison.of(perQuery.get(others.get(j)), perQuery.get(bestIdx));
      PairedComparison.Summary s = pc.size() == 0 ? null
          : pc.summarize(significance.level(), significance.resamples(), significance.seed());
      sums.add(s);
      wlt.add(pc.winsLossesTies());
      p[j] = s == null ? 1.0 : s.pValue();
    }
    double[] adj = p.length == 0 ? p : Holm.adjust(p);
    List<Comparison> out = new ArrayList<>();
    for (int j = 0; j < others.size(); j++) {
      PairedComparison.Summary s = sums.get(j);
      int[] w = wlt.get(j);
      out.add(new Comparison(results.get(others.get(j)).name(), results.get(bestIdx).name(),
          s == null ? 0 : s.meanDifference(),
          s == null ? new ConfidenceInterval(0, 0, significance.level()) : s.ci(),
          p[j], adj[j], new Comparison.WinLoss(w[0], w[1], w[2])));
    }
    return out;
  }

  /** The settings record of a run that timed {@code latencyQueries} single queries. */
  public Settings settings(int latencyQueries) {
    return new Settings(k, measures.stream().map(Measure::label).toList(), primary.label(), latencyQueries,
        excludeIdenticalIds, significance);
  }

  /**
   * Where and when a run happened.
   *
   * @param jvmNote appended to the JVM description (e.g. the Spark master), or empty
   */
  public static RunInfo runInfo(String version, String jvmNote, int processors, Instant started, double seconds) {
    return new RunInfo(version, System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
        + System.getProperty("java.version") + jvmNote, System.getProperty("os.name") + " "
        + System.getProperty("os.version") + " " + System.getProperty("os.arch"), processors, started, seconds);
  }

  /** What a report says about a retrieval set. */
  public static DatasetInfo describe(RetrievalDataset d) {
    return new DatasetInfo(d.id(), d.licence(), d.source(), d.corpus().size(), d.queries().size(), d.qrels().size(),
        warnings(d));
  }

  /** Share of judgments pointing outside the corpus above which the recommendation is withheld. */
  public static final double SEVERE_DANGLING_SHARE = 0.2;

  /**
   * The loader's warnings, after a summary of what changes the numbers: judgments whose document is
   * not in the corpus ({@link DatasetInfo#SEVERE} above {@link #SEVERE_DANGLING_SHARE} of them) and
   * queries with empty text.
   */
  static List<String> warnings(RetrievalDataset d) {
    Set<String> ids = new java.util.HashSet<>();
    d.corpus().forEach(doc -> ids.add(doc.id()));
    int total = 0;
    int dangling = 0;
    for (String q : d.qrels().queryIds()) {
      for (String doc : d.qrels().judged(q).keySet()) {
        total++;
        dangling += ids.contains(doc) ? 0 : 1;
      }
    }
    List<String> out = new ArrayList<>();
    if (dangling > 0) {
      boolean severe = dangling > SEVERE_DANGLING_SHARE * total;
      out.add((severe ? DatasetInfo.SEVERE : "") + dangling + " of " + total + " judgments ("
          + Math.round(100.0 * dangling / total) + "%) point at documents not in the corpus: they cannot be "
          + "retrieved, so every measure is lower than the models deserve"
          + (severe ? "; the recommendation is withheld" : ""));
    }
    long empty = d.queries().stream().filter(q -> q.text().isBlank()).count();
    if (empty > 0) {
      out.add(empty + " of " + d.queries().size() + " queries have empty text: every model ranks them by chance");
    }
    out.addAll(d.warnings());
    return out;
  }

  /** What a report says about a pair set, or null for none. */
  public static DatasetInfo describe(PairDataset p) {
    return p == null ? null : new DatasetInfo(p.id(), p.licence(), p.source(), 0, p.size(), 0, List.of());
  }
}

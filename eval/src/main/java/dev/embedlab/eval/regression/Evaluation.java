package dev.embedlab.eval.regression;

import dev.embedlab.data.Qrels;
import dev.embedlab.data.Run;
import dev.embedlab.eval.metrics.EvaluationResult;
import dev.embedlab.eval.metrics.Measure;
import dev.embedlab.eval.metrics.PairMetrics;
import dev.embedlab.eval.metrics.RankingEvaluator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The measures a regression file names, computed the way its reference tool computes them. */
final class Evaluation {
  private Evaluation() {}

  /** trec_eval measures ({@code ndcg_cut.10}, {@code recall.100}, …) of {@code run}, averaged over judged queries. */
  static Map<String, Double> retrieval(Regression r, Qrels qrels, Run run) {
    List<Measure> measures = new ArrayList<>();
    for (String m : r.metrics()) {
      measures.add(parse(r, m));
    }
    EvaluationResult result = RankingEvaluator.of(measures).evaluate(qrels, run);
    Map<String, Double> out = new LinkedHashMap<>();
    for (int i = 0; i < measures.size(); i++) {
      out.put(r.metrics().get(i), result.mean(measures.get(i)));
    }
    return out;
  }

  /** MTEB's pair scores: Spearman and Pearson of cosine similarity against the gold scores. */
  static Map<String, Double> pairs(Regression r, double[] cosines, double[] gold) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String m : r.metrics()) {
      double v = switch (m) {
        case "cosine_spearman" -> PairMetrics.spearman(cosines, gold);
        case "cosine_pearson" -> PairMetrics.pearson(cosines, gold);
        default -> throw new IllegalArgumentException(r.name() + ": unknown pair measure '" + m
            + "'; expected cosine_spearman or cosine_pearson");
      };
      out.put(m, v);
    }
    return out;
  }

  private static Measure parse(Regression r, String trecName) {
    try {
      return Measure.parse(trecName.replace('.', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(r.name() + ": " + e.getMessage(), e);
    }
  }
}

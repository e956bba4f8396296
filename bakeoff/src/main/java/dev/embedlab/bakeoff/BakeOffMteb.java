package dev.embedlab.bakeoff;

import dev.embedlab.eval.metrics.Measure;
import dev.embedlab.eval.regression.MtebResult;
import dev.embedlab.eval.regression.MtebResultWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A bake-off candidate's scores as MTEB result files ({@link MtebResultWriter#toJson}), so a team's
 * own data sets sit beside the leaderboard's JSON: the retrieval means under MTEB's names
 * ({@code nDCG@10} → {@code ndcg_at_10}, {@code Recall@100} → {@code recall_at_100}, {@code MRR@10}
 * → {@code mrr_at_10}; measures MTEB does not report, such as R-precision or uncut nDCG, are left out)
 * with the bake-off's primary measure as main score when MTEB names it, else nDCG@10; the pair set,
 * when it has gold scores, as cosine Spearman (main score) and cosine Pearson.
 */
public final class BakeOffMteb {
  private BakeOffMteb() {}

  /**
   * The MTEB results of one candidate: the retrieval task, then the pair task when the bake-off had a
   * pair set with scores.
   *
   * @param retrievalTask the task name to write for the retrieval data set (e.g. {@code SciFact})
   * @param pairTask the task name for the pair set (e.g. {@code STSBenchmark}), or null to leave it out
   * @param languages the data sets' languages in MTEB's form ({@code eng-Latn}, {@code kor-Hang})
   * @throws IllegalArgumentException when the bake-off has no candidate {@code candidate} (naming those it has)
   */
  public static List<MtebResult> results(BakeOffResult result, String candidate, String retrievalTask,
      String pairTask, List<String> languages) {
    CandidateResult c = result.candidate(candidate).orElseThrow(() -> new IllegalArgumentException(
        "no candidate '" + candidate + "' in the bake-off; candidates: "
            + result.candidates().stream().map(CandidateResult::name).toList()));
    List<MtebResult> out = new ArrayList<>();
    Map<String, Double> scores = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : c.quality().means().entrySet()) {
      mteb(e.getKey()).ifPresent(n -> scores.put(n, e.getValue()));
    }
    if (!scores.isEmpty()) {
      String main = mteb(result.settings().primaryMeasure()).filter(scores::containsKey)
          .orElse(scores.containsKey("ndcg_at_10") ? "ndcg_at_10" : scores.keySet().iterator().next());
      out.add(new MtebResult(retrievalTask, null, "test", "default", languages, main, scores, Double.NaN));
    }
    PairResult p = c.pairs();
    if (pairTask != null && p != null && !Double.isNaN(p.spearman())) {
      Map<String, Double> pair = new LinkedHashMap<>();
      pair.put("cosine_spearman", p.spearman());
      if (!Double.isNaN(p.pearson())) {
        pair.put("cosine_pearson", p.pearson());
      }
      out.add(new MtebResult(pairTask, null, "test", "default", languages, "cosine_spearman", pair, Double.NaN));
    }
    return out;
  }

  private static Optional<String> mteb(String label) {
    try {
      return MtebResultWriter.mtebName(Measure.parse(label).name());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}

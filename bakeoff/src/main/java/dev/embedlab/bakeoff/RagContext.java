package dev.embedlab.bakeoff;

import dev.embedlab.core.Checks;
import dev.embedlab.data.Qrels;
import dev.embedlab.data.Run;
import dev.embedlab.data.ScoredDoc;
import dev.embedlab.eval.metrics.RagasContextMetrics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RAGAS context metrics of a run: each judged query's top {@code k} document ids (trec_eval order)
 * are its retrieved contexts, its documents with grade &gt; 0 the reference contexts.
 */
final class RagContext {
  private RagContext() {}

  /**
   * Means over the queries with at least one relevant document; a query that retrieved nothing
   * scores 0 on every metric (RAGAS leaves its precision undefined; a retriever that returns nothing
   * should not be ranked above one that returns the wrong documents).
   *
   * @throws IllegalArgumentException when {@code k < 1}
   */
  static RagScores of(Run run, Qrels qrels, int k) {
    Checks.atLeast("k", k, 1);
    double p = 0;
    double r = 0;
    double ap = 0;
    int n = 0;
    for (String qid : qrels.queryIds()) {
      List<String> reference = new ArrayList<>();
      for (Map.Entry<String, Integer> j : qrels.judged(qid).entrySet()) {
        if (j.getValue() > 0) {
          reference.add(j.getKey());
        }
      }
      if (reference.isEmpty()) {
        continue;
      }
      n++;
      List<ScoredDoc> ranked = run.ranked(qid);
      List<String> retrieved = new ArrayList<>();
      for (int i = 0; i < Math.min(k, ranked.size()); i++) {
        retrieved.add(ranked.get(i).docId());
      }
      if (retrieved.isEmpty()) {
        continue;
      }
      Set<String> rel = new HashSet<>(reference);
      int[] verdicts = new int[retrieved.size()];
      for (int i = 0; i < verdicts.length; i++) {
        verdicts[i] = rel.contains(retrieved.get(i)) ? 1 : 0;
      }
      p += RagasContextMetrics.idPrecision(retrieved, reference);
      r += RagasContextMetrics.idRecall(retrieved, reference);
      ap += RagasContextMetrics.averagePrecision(verdicts);
    }
    return n == 0 ? new RagScores(k, 0, Double.NaN, Double.NaN, Double.NaN) : new RagScores(k, n, p / n, r / n, ap / n);
  }
}

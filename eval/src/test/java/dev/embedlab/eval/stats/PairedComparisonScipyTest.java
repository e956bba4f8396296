package dev.embedlab.eval.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.embedlab.testing.SharedData;
import dev.embedlab.data.Qrels;
import dev.embedlab.data.Run;
import dev.embedlab.eval.metrics.EvaluationResult;
import dev.embedlab.eval.metrics.Measure;
import dev.embedlab.eval.metrics.RankingEvaluator;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The two oracle runs compared per query, against scipy 1.10.1 run once with 200,000 resamples
 * ({@code stats.bootstrap(method='percentile')}, {@code stats.permutation_test(permutation_type='samples')}
 * on d = fine − ties). Our Monte Carlo uses another RNG, so tolerances are a few Monte Carlo
 * standard errors at 50,000 resamples; deterministic given the RNG seed.
 */
class PairedComparisonScipyTest {
  @ParameterizedTest
  @CsvSource({
    "ndcg_cut_10, 0.03109942858256223, -0.028050002131819702, 0.09023768163901581, 0.3051284743576282",
    "recall_10, 0.06061111111111111, -0.018333333333333337, 0.1396111111111111, 0.13568932155339222"
  })
  void matchesScipyOnTheOracleRuns(String measure, double meanDiff, double lo, double hi, double p) throws IOException {
    Path dir = SharedData.require("oracles");
    Qrels qrels = Qrels.readTrec(dir.resolve("scifact-test.qrels"));
    Measure m = Measure.parse(measure);
    RankingEvaluator ev = RankingEvaluator.of(m);
    EvaluationResult fine = ev.evaluate(qrels, Run.readTrec(dir.resolve("scifact-run-fine.trec")));
    EvaluationResult ties = ev.evaluate(qrels, Run.readTrec(dir.resolve("scifact-run-ties.trec")));
    PairedComparison c = PairedComparison.of(fine, ties, m);
    long seed = 7;
    PairedComparison.Summary s = c.summarize(0.95, 50_000, seed);
    System.out.printf("paired %s fine-ties: d=%.5f CI [%.5f, %.5f] p=%.4f (scipy: [%.5f, %.5f] p=%.4f), seed=%d%n",
        measure, s.meanDifference(), s.ci().lower(), s.ci().upper(), s.pValue(), lo, hi, p, seed);
    assertEquals(meanDiff, s.meanDifference(), 1e-12);
    assertEquals(lo, s.ci().lower(), 0.003);
    assertEquals(hi, s.ci().upper(), 0.003);
    assertEquals(p, s.pValue(), 0.012); // ~4.5 combined Monte Carlo SEs (ours at 50k, scipy 2*min at 200k)
  }
}

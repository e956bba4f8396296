package dev.embedlab.bakeoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.eval.stats.ConfidenceInterval;
import dev.embedlab.eval.stats.SampleSize;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RecommendationTest {
  private static final Settings SETTINGS = new Settings(100, List.of("nDCG@10"), "nDCG@10", 10, false,
      new Settings.SignificanceSettings(0.95, 1000, 42, 0.05));

  /** A candidate with the given per-query nDCG@10 (queries q0..), speed, p95 and footprint. */
  static CandidateResult cand(String name, double[] perQuery, double docsPerSecond, double p95, Footprint fp) {
    Map<String, Double> pq = new LinkedHashMap<>();
    double sum = 0;
    for (int i = 0; i < perQuery.length; i++) {
      pq.put("q" + i, perQuery[i]);
      sum += perQuery[i];
    }
    Quality q = new Quality(perQuery.length, Map.of("nDCG@10", sum / perQuery.length), new TreeMap<>(), pq);
    return new CandidateResult(new CandidateInfo(name, name, "", "", false, Map.of()), fp,
        new Timing(0, 1, docsPerSecond, 0, 0, 1), new Latency(10, p95 / 2, p95, p95 / 2), q, null);
  }

  static Footprint vec(int dim) {
    return new Footprint(dim, 4L * dim, 0, 0, 256, -1, "");
  }

  /** best = the first candidate; comparisons with the given Holm p-values. */
  static BakeOffResult result(List<CandidateResult> cs, double[] pHolm, List<Slice> slices) {
    List<Comparison> cmp = new ArrayList<>();
    for (int i = 1; i < cs.size(); i++) {
      double d = cs.get(i).quality().mean("nDCG@10") - cs.get(0).quality().mean("nDCG@10");
      cmp.add(new Comparison(cs.get(i).name(), cs.get(0).name(), d, new ConfidenceInterval(d - 0.1, d + 0.1, 0.95),
          pHolm[i - 1], pHolm[i - 1], new Comparison.WinLoss(0, 0, cs.get(0).quality().queries())));
    }
    return new BakeOffResult(new RunInfo("t", "jvm", "os", 1, Instant.EPOCH, 1), SETTINGS,
        new DatasetInfo("toy", "l", "s", 100, cs.get(0).quality().queries(), 10, List.of()), null, cs,
        cs.get(0).name(), cmp, slices, List.of(), List.of());
  }

  private static double[] fill(int n, double v) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, v);
    return a;
  }

  @Test
  void paretoKeepsOnlyCandidatesNoOneBeatsOnEveryAxis() {
    CandidateResult good = cand("good", fill(10, 0.9), 100, 20, vec(384));
    CandidateResult fast = cand("fast", fill(10, 0.8), 1000, 5, vec(384));
    CandidateResult dominated = cand("dominated", fill(10, 0.7), 500, 10, vec(768));
    CandidateResult bm25 = cand("bm25", fill(10, 0.6), 5000, 2, new Footprint(0, 0, -1, -1, 0, 20_000, "index"));
    CandidateResult unmeasured = cand("unmeasured", fill(10, 0.6), 5000, 2, new Footprint(0, 0, -1, -1, 0, -1, ""));
    List<String> p = Recommendation.pareto(List.of(good, fast, dominated, bm25, unmeasured), "nDCG@10", 100);
    assertEquals(List.of("good", "fast", "bm25"), p, "dominated loses to fast on every axis; an unmeasured "
        + "index counts as the largest, so bm25 (200 bytes/doc) dominates it");
    assertTrue(Recommendation.dominates(fast, dominated, "nDCG@10", 100));
    assertFalse(Recommendation.dominates(fast, fast, "nDCG@10", 100), "equal on every axis is no domination");
    assertEquals(200.0, bm25.footprint().bytesPerDocument(100), 0.0);
    assertTrue(Double.isNaN(unmeasured.footprint().bytesPerDocument(100)));
  }

  @Test
  void picksNameTheBestTheFastestAndSmallestInTheSignificanceBand() {
    CandidateResult best = cand("best", fill(10, 0.9), 100, 40, vec(768));
    CandidateResult close = cand("close", fill(10, 0.88), 900, 8, vec(384));
    CandidateResult bad = cand("bad", fill(10, 0.2), 5000, 1, vec(64));
    Recommendation r = Recommendation.of(result(List.of(best, close, bad), new double[] {0.4, 0.001}, List.of()));
    assertEquals("Best nDCG@10: pick best (0.9000).", r.picks().get(0));
    assertTrue(r.picks().contains("Not significantly worse than best (α = 0.05): close."), r.picks().toString());
    assertTrue(r.picks().contains("Fastest within the significance band of the best: pick close if corpus "
        + "throughput matters (900 vs 100 docs/s; nDCG@10 0.8800)."), r.picks().toString());
    assertTrue(r.picks().contains("Lowest p95 query latency within the band: pick close if query latency matters "
        + "(8.0 vs 40.0 ms)."), r.picks().toString());
    assertTrue(r.picks().contains("Smallest index within the band: pick close if memory matters (1,536 vs 3,072 "
        + "bytes per document)."), r.picks().toString());
    assertTrue(r.picks().contains("Smallest overall: bad (256 bytes per document), at nDCG@10 0.2000."),
        r.picks().toString());
  }

  @Test
  void minimumDetectableDifferenceComesFromTheSdOfPerQueryDifferences() {
    double[] a = new double[20];
    double[] b = new double[20];
    for (int i = 0; i < 20; i++) {
      a[i] = 0.5 + (i % 2 == 0 ? 0.2 : -0.2);
      b[i] = 0.5 + (i % 4 == 0 ? 0.1 : 0.0);
    }
    CandidateResult best = cand("A", a, 1, 1, vec(8));
    CandidateResult other = cand("B", b, 1, 1, vec(8));
    Recommendation.Power p = Recommendation.power(other, best, 0.05);
    double mean = 0;
    for (int i = 0; i < 20; i++) {
      mean += (b[i] - a[i]) / 20;
    }
    double ss = 0;
    for (int i = 0; i < 20; i++) {
      ss += Math.pow(b[i] - a[i] - mean, 2);
    }
    double sd = Math.sqrt(ss / 19);
    assertEquals(sd, p.sdOfDifferences(), 1e-12);
    assertEquals((SampleSize.z(0.975) + SampleSize.z(0.8)) * sd / Math.sqrt(20), p.mde(), 1e-12);
    assertEquals(20, p.queries());
    assertEquals(mean, p.meanDifference(), 1e-12);
    assertEquals(SampleSize.pairedDifference(sd, mean, 0.05, 0.8), p.queriesNeeded());
    assertFalse(p.resolvable(), "a 0.025 difference is below an MDE of ~" + p.mde());
  }

  @Test
  void tooFewQueriesWarnsWithTheQueriesNeededAndIdenticalCandidatesHaveNoMde() {
    double[] a = new double[10];
    double[] b = new double[10];
    for (int i = 0; i < 10; i++) {
      a[i] = i % 2 == 0 ? 1 : 0.5;
      b[i] = i % 3 == 0 ? 1 : 0.6;
    }
    CandidateResult best = cand("A", a, 1, 1, vec(8));
    CandidateResult near = cand("B", b, 1, 1, vec(8));
    CandidateResult twin = cand("C", a.clone(), 1, 1, vec(8));
    Recommendation r = Recommendation.of(result(List.of(best, near, twin), new double[] {0.9, 1.0}, List.of()));
    assertEquals(1, r.warnings().size(), r.warnings().toString());
    String w = r.warnings().get(0);
    assertTrue(w.startsWith("Too few queries to separate A from B (Δ "), w);
    assertTrue(w.contains("queries needed") && w.contains("with 10 queries"), w);
    Recommendation.Power t = r.power().get(1);
    assertEquals(0, t.mde(), 0.0);
    assertEquals(-1, t.queriesNeeded());
  }

  @Test
  void slicesThatDisagreeGetALineAndAWarningWithTheSliceMde() {
    int n = 12;
    double[] dense = new double[n];
    double[] bm25 = new double[n];
    List<String> en = new ArrayList<>();
    List<String> ko = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean korean = i >= 6;
      dense[i] = korean ? 0.2 + 0.05 * (i % 2) : 1.0;
      bm25[i] = korean ? 0.9 : 0.7 + 0.05 * (i % 2);
      (korean ? ko : en).add("q" + i);
    }
    CandidateResult d = cand("dense", dense, 10, 10, vec(8));
    CandidateResult b = cand("bm25", bm25, 10, 10, vec(8));
    List<Slice> slices = List.of(slice("language", "en", en, d, b), slice("language", "ko", ko, d, b));
    // make "bm25" the overall best by listing it first
    BakeOffResult res = result(List.of(b, d), new double[] {0.5}, slices);
    Recommendation r = Recommendation.of(res);
    String line = r.picks().stream().filter(p -> p.startsWith("Slices disagree on language")).findFirst().orElseThrow();
    // 6-query slices cannot crown a winner: every slice pick says so
    assertTrue(line.contains("language = en (6 queries): dense 1.0000 (+0.2750 over bm25, too few queries to crown "
        + "a winner)"), line);
    assertTrue(line.contains("language = ko (6 queries): bm25 0.9000 (+0.6750 over dense, too few queries to crown "
        + "a winner)"), line);
    String w = r.warnings().stream().filter(x -> x.contains("split by language")).findFirst().orElseThrow();
    assertTrue(w.contains("bm25 trails dense by 0.2750 nDCG@10 on language = en (6 queries: 0.7250 vs 1.0000; "
        + "at least this slice's minimum detectable difference of 0.03"), w);
    String lead = r.picks().stream().filter(p -> p.startsWith("Where bm25's lead")).findFirst().orElseThrow();
    assertEquals("Where bm25's lead of +0.2000 nDCG@10 over the runner-up dense comes from, by language: "
        + "en -0.2750 (6 queries, -0.1375 of the lead); ko +0.6750 (6 queries, +0.3375 of the lead).", lead);
  }

  @Test
  void aSliceGapBelowTheSliceMdeIsNoWarning() {
    int n = 12;
    double[] a = new double[n];
    double[] b = new double[n];
    List<String> x = new ArrayList<>();
    List<String> y = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean first = i < 6;
      a[i] = first ? (i % 2 == 0 ? 1.0 : 0.0) : 0.9;
      b[i] = first ? (i % 2 == 0 ? 0.8 : 0.4) : 0.5; // higher mean on slice x, but noisy
      (first ? x : y).add("q" + i);
    }
    CandidateResult ca = cand("a", a, 10, 10, vec(8));
    CandidateResult cb = cand("b", b, 10, 10, vec(8));
    List<Slice> slices = List.of(slice("t", "x", x, ca, cb), slice("t", "y", y, ca, cb));
    Recommendation r = Recommendation.of(result(List.of(ca, cb), new double[] {0.5}, slices));
    assertTrue(r.picks().stream().anyMatch(p -> p.startsWith("Slices disagree on t")), r.picks().toString());
    assertTrue(r.warnings().stream().noneMatch(w -> w.contains("hides a split")), r.warnings().toString());
  }

  @Test
  void tiedSliceWinnersAreNoDisagreement() {
    CandidateResult a = cand("a", fill(4, 1.0), 10, 10, vec(8));
    CandidateResult b = cand("b", fill(4, 1.0), 10, 10, vec(8));
    List<Slice> slices = List.of(slice("type", "x", List.of("q0", "q1"), a, b), slice("type", "y", List.of("q2", "q3"), a, b));
    Recommendation r = Recommendation.of(result(List.of(a, b), new double[] {1.0}, slices));
    assertTrue(r.picks().stream().noneMatch(p -> p.startsWith("Slices disagree")), r.picks().toString());
    assertEquals(List.of("a", "b"), Recommendation.winners(result(List.of(a, b), new double[] {1.0}, slices),
        slices.get(0), "nDCG@10"));
  }

  @Test
  void wordsCountAndTheNoComparisonCase() {
    assertEquals("1 model", Words.count(1, "model"));
    assertEquals("0 models", Words.count(0, "model"));
    assertEquals("1,234 queries", Words.count(1234, "query", "queries"));
    assertEquals("1 query", Words.count(1, "query", "queries"));
    assertEquals("none (one candidate: nothing to compare)", Words.holm(0));
    assertTrue(Words.holm(1).startsWith("from the single comparison"));
    assertEquals("Holm-adjusted over the 3 comparisons", Words.holm(3));
  }

  private static Slice slice(String dim, String value, List<String> ids, CandidateResult... cs) {
    Map<String, Map<String, Double>> means = new LinkedHashMap<>();
    for (CandidateResult c : cs) {
      double s = 0;
      for (String q : ids) {
        s += c.quality().perQuery().get(q);
      }
      means.put(c.name(), Map.of("nDCG@10", s / ids.size()));
    }
    return new Slice(dim, value, "data set", ids, means);
  }
}

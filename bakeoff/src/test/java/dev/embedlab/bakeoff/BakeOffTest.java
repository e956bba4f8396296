package dev.embedlab.bakeoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.data.Document;
import dev.embedlab.data.Pair;
import dev.embedlab.data.PairDataset;
import dev.embedlab.data.Query;
import dev.embedlab.data.RetrievalDataset;
import dev.embedlab.eval.metrics.EvaluationResult;
import dev.embedlab.eval.metrics.Measure;
import dev.embedlab.eval.metrics.PairMetrics;
import dev.embedlab.eval.metrics.RankingEvaluator;
import dev.embedlab.eval.search.ExactSearch;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BakeOffTest {
  private static final double EXACT = 1e-12;

  private static final RetrievalDataset DATA = FakeEmbedders.dataset(24);

  @Test
  void wordOverlapBeatsNoiseSignificantlyAndIdenticalVectorsTie() {
    FakeEmbedders.Bow[] made = new FakeEmbedders.Bow[2];
    BakeOffResult r = BakeOff.builder().dataset(DATA)
        .candidate(Candidate.of("noise", FakeEmbedders.Noise::new))
        .candidate(Candidate.of("bow", () -> made[0] = new FakeEmbedders.Bow("bow", 512)))
        .candidate(Candidate.of("bow-twin", () -> made[1] = new FakeEmbedders.Bow("bow", 512)))
        .latencyQueries(5).significance(0.95, 2000, 7, 0.05)
        .clock(Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC))
        .build().run();

    assertEquals(List.of("noise", "bow", "bow-twin"), r.candidates().stream().map(CandidateResult::name).toList());
    assertEquals("bow", r.best(), "first of the two equal best candidates wins the tie");
    double bow = r.candidate("bow").orElseThrow().quality().mean("nDCG@10");
    double noise = r.candidate("noise").orElseThrow().quality().mean("nDCG@10");
    assertTrue(bow > 0.9, "word overlap finds each query's document; nDCG@10=" + bow);
    assertTrue(noise < 0.6, "noise is near chance; nDCG@10=" + noise);

    Comparison vsNoise = r.comparison("noise").orElseThrow();
    assertEquals(noise - bow, vsNoise.meanDifference(), 1e-12);
    assertTrue(vsNoise.ci().upper() < 0, "CI excludes 0: " + vsNoise.ci());
    assertTrue(vsNoise.significant(0.05), "p(Holm)=" + vsNoise.pHolm());
    assertTrue(vsNoise.pHolm() >= vsNoise.pValue(), "Holm never lowers p");
    Comparison twin = r.comparison("bow-twin").orElseThrow();
    assertEquals(0, twin.meanDifference(), 0.0);
    assertEquals(24, twin.winLoss().ties());
    assertEquals(1.0, twin.pHolm(), 0.0);
    assertFalse(r.comparison("bow").isPresent(), "the best is not compared with itself");

    assertEquals(Instant.parse("2026-01-02T03:04:05Z"), r.run().startedAt());
    assertEquals(2, r.comparisons().size());
    for (FakeEmbedders.Bow b : made) {
      assertEquals(1, b.closes, "the bake-off closes each embedder exactly once");
    }
  }

  @Test
  void metricsEqualTheSearchAndEvaluatorRunDirectly() {
    BakeOffResult r = BakeOff.builder().dataset(DATA)
        .candidate(Candidate.of("bow", () -> new FakeEmbedders.Bow("bow", 64))) // collisions: imperfect
        .latencyQueries(0).build().run();
    // the same pipeline by hand: title + " " + text, roles, unit vectors, top 100, trec_eval -c
    FakeEmbedders.Bow e = new FakeEmbedders.Bow("bow", 64);
    float[][] docs = e.embed(DATA.corpus().stream().map(Document::titleAndText).toList(), Role.DOCUMENT);
    float[][] qs = e.embed(DATA.queries().stream().map(Query::text).toList(), Role.QUERY);
    for (float[] v : docs) {
      VectorUtil.normalizeInPlace(v);
    }
    for (float[] v : qs) {
      VectorUtil.normalizeInPlace(v);
    }
    EvaluationResult want = RankingEvaluator.of(Measure.ndcg(10), Measure.recall(1), Measure.map(100),
        Measure.mrr(10), Measure.recall(20)).evaluate(DATA.qrels(), dev.embedlab.data.Run.of(ExactSearch.builder().k(100).build()
        .search(qs, DATA.queries().stream().map(Query::id).toArray(String[]::new), docs,
            DATA.corpus().stream().map(Document::id).toArray(String[]::new))));
    Quality q = r.candidates().get(0).quality();
    assertEquals(want.mean(Measure.ndcg(10)), q.mean("nDCG@10"), EXACT);
    assertEquals(want.mean(Measure.recall(1)), q.mean("Recall@1"), EXACT);
    assertEquals(want.mean(Measure.map(100)), q.mean("MAP@100"), EXACT);
    assertEquals(want.mean(Measure.mrr(10)), q.mean("MRR@10"), EXACT);
    assertEquals(want.mean(Measure.recall(20)), q.recallCurve().get(20), EXACT);
    assertEquals(want.perQuery(Measure.ndcg(10)), q.perQuery());
    assertEquals(List.of("Recall@1", "Recall@3", "Recall@5", "Recall@10", "MRR@10", "nDCG@10", "MAP@100"),
        List.copyOf(q.means().keySet()));
    double prev = 0;
    for (double v : q.recallCurve().values()) {
      assertTrue(v >= prev, "recall@k never decreases with k");
      prev = v;
    }
  }

  @Test
  void speedFootprintTruncationAndRolesAreRecorded() {
    FakeEmbedders.Bow[] made = new FakeEmbedders.Bow[1];
    List<String> events = new ArrayList<>();
    ProgressListener spy = new ProgressListener() {
      @Override
      public void start(String task, long total, String unit) {
        events.add("start " + task + " " + total + " " + unit);
      }

      @Override
      public void advance(long done) {
        events.add("+" + done);
      }

      @Override
      public void finish() {
        events.add("finish");
      }
    };
    BakeOffResult r = BakeOff.builder().dataset(DATA).chunkSize(10).latencyQueries(7).warmupQueries(2)
        .progress(spy)
        .candidate(Candidate.builder("bow", () -> {
          sleep(30);
          return made[0] = new FakeEmbedders.Bow("bow-model", 512);
        }).description("hashing bag of words").property("tokenizer", "regex")
            .describer(e -> Map.of("sha256", "ab".repeat(32), "dim", Integer.toString(e.dimension()))).build())
        .candidate(Candidate.of("noise", FakeEmbedders.Noise::new))
        .build().run();
    CandidateResult bow = r.candidate("bow").orElseThrow();
    assertEquals(512, bow.footprint().dimension());
    assertEquals(2048, bow.footprint().bytesPerVector());
    // every document text has > 6 words (title + 7 words); queries have 2: truncation counted on docs
    assertEquals(24, bow.footprint().truncatedTexts());
    assertEquals(-1, r.candidate("noise").orElseThrow().footprint().truncatedTexts(), "no UsageReporting");
    assertTrue(bow.timing().loadSeconds() >= 0.025, "factory time is load time: " + bow.timing().loadSeconds());
    assertTrue(bow.timing().docsPerSecond() > 0);
    assertEquals(7, bow.latency().samples());
    assertTrue(bow.latency().p95Millis() >= bow.latency().p50Millis());
    // roles: 1 warm-up + 24 documents; 24 queries + 2 warm-up + 7 timed single queries
    assertEquals(25, made[0].texts.get(Role.DOCUMENT));
    assertEquals(24 + 2 + 7, made[0].texts.get(Role.QUERY));
    assertEquals("bow-model", bow.info().modelId());
    assertEquals("ab".repeat(32), bow.info().sha256());
    assertEquals(Map.of("tokenizer", "regex", "dim", "512", "index", "exact float32",
        "retriever", "exact-search{backend=AUTO,dim=512,excludeIdenticalIds=false,precision=float32}"),
        bow.info().properties(), "the candidate's provenance plus its retriever's own");
    assertEquals(4L * 512, bow.footprint().bytesPerVector(), "exact float32: 4 bytes per dimension");
    assertEquals(0, bow.footprint().indexBytes(), "exact search holds nothing beyond the vectors");
    assertEquals(List.of("start bow corpus 24 docs", "+10", "+10", "+4", "finish",
        "start bow queries 24 queries", "+10", "+10", "+4", "finish"), events.subList(0, 10));
  }

  @Test
  void pairSetGivesSpearmanPearsonAndAucOfCosine() {
    List<Pair> pairs = List.of(new Pair("red apple pie", "red apple pie", 5.0, 1),
        new Pair("red apple", "apple red tart", 3.5, 1), new Pair("blue car", "blue bus", 2.0, 0),
        new Pair("tax form", "green tea", 0.0, 0), new Pair("sun hat", "hat for sun", 4.2, 1));
    PairDataset pd = new PairDataset("toy-sts", "test-only", "inline", pairs);
    BakeOffResult r = BakeOff.builder().dataset(DATA).pairDataset(pd).latencyQueries(0)
        .candidate(Candidate.of("bow", () -> new FakeEmbedders.Bow("bow", 512))).build().run();
    PairResult p = r.candidates().get(0).pairs();
    FakeEmbedders.Bow e = new FakeEmbedders.Bow("bow", 512);
    float[][] a = e.embed(pd.textsA(), Role.DOCUMENT);
    float[][] b = e.embed(pd.textsB(), Role.DOCUMENT);
    double[] cos = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      cos[i] = VectorUtil.cosine(a[i], b[i]);
    }
    assertEquals(PairMetrics.spearman(cos, pd.scores()), p.spearman(), EXACT);
    assertEquals(PairMetrics.pearson(cos, pd.scores()), p.pearson(), EXACT);
    assertEquals(PairMetrics.rocAuc(cos, pd.labels()), p.rocAuc(), EXACT);
    assertEquals(5, p.pairs());
    assertEquals("toy-sts", r.pairDataset().id());
  }

  @Test
  void badEmbedderOutputIsReportedWithTheCandidateName() {
    Embedder wrongDim = new FakeEmbedders.Noise() {
      @Override
      public int dimension() {
        return 8;
      }
    };
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> BakeOff.builder()
        .dataset(DATA).candidate(Candidate.of("liar", () -> wrongDim)).build().run());
    assertTrue(e.getMessage().contains("candidate liar (noise) vector 0 has dimension 16; expected 8"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> BakeOff.builder().dataset(DATA).build());
    assertThrows(IllegalArgumentException.class, () -> BakeOff.builder()
        .candidate(Candidate.of("a", FakeEmbedders.Noise::new)).build());
    IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> BakeOff.builder()
        .candidate(Candidate.of("a", FakeEmbedders.Noise::new))
        .candidate(Candidate.of("a", FakeEmbedders.Noise::new)));
    assertEquals("candidate names must be unique; duplicate a", dup.getMessage());
    assertEquals("k must be >= 10 (Recall@10, nDCG@10 need it); k=5",
        assertThrows(IllegalArgumentException.class, () -> BakeOff.builder().k(5)).getMessage());
  }

  @Test
  void singleCandidateHasNoComparisonsAndNoPairSetMeansNull() {
    BakeOffResult r = BakeOff.builder().dataset(DATA).latencyQueries(0)
        .candidate(Candidate.of("only", FakeEmbedders.Noise::new)).build().run();
    assertEquals("only", r.best());
    assertTrue(r.comparisons().isEmpty());
    assertNull(r.pairDataset());
    assertNull(r.candidates().get(0).pairs());
    assertEquals(0, r.candidates().get(0).latency().samples());
  }

  @Test
  void latencyUsesNearestRankPercentiles() {
    Latency l = Latency.ofMillis(new double[] {5, 1, 4, 2, 3, 10, 9, 8, 7, 6});
    assertEquals(10, l.samples());
    assertEquals(5, l.p50Millis(), 0.0);  // ceil(0.5*10)=5th smallest
    assertEquals(10, l.p95Millis(), 0.0); // ceil(0.95*10)=10th smallest
    assertEquals(5.5, l.meanMillis(), 1e-12);
    Latency one = Latency.ofMillis(new double[] {3});
    assertEquals(3, one.p50Millis(), 0.0);
    assertEquals(3, one.p95Millis(), 0.0);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

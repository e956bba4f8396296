package dev.embedlab.bakeoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.UsageReporting;
import dev.embedlab.data.RetrievalDataset;
import dev.embedlab.eval.fusion.RankFusion;
import dev.embedlab.eval.lexical.LexicalAnalyzer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BakeOffBaselinesTest {
  private static final RetrievalDataset DATA = FakeEmbedders.dataset(24);

  /** Bag of the first {@code limit} words, hashed; reports texts with more words as truncated. */
  static final class FirstWords implements Embedder, UsageReporting, dev.embedlab.core.retrieval.ProvenanceSource {
    final int limit;

    /** The maximum length travels typed in the embedder's own provenance, as OnnxEmbedder's does. */
    @Override
    public dev.embedlab.core.retrieval.Provenance provenance() {
      return dev.embedlab.core.retrieval.Provenance.of("first-words", Map.of("maxLength", limit));
    }
    long truncated;

    FirstWords(int limit) {
      this.limit = limit;
    }

    @Override
    public float[][] embed(List<String> in, Role role) {
      float[][] out = new float[in.size()][64];
      for (int i = 0; i < in.size(); i++) {
        String[] w = in.get(i).toLowerCase(Locale.ROOT).split("\\s+");
        if (w.length > limit) {
          truncated++;
        }
        for (int j = 0; j < Math.min(limit, w.length); j++) {
          out[i][Math.floorMod(w[j].hashCode(), 64)] += 1;
        }
        out[i][63] += 0.01f;
      }
      return out;
    }

    @Override
    public int dimension() {
      return 64;
    }

    @Override
    public String id() {
      return "first-" + limit;
    }

    @Override
    public Usage usage() {
      return new Usage(0, 0, truncated, 0);
    }

    @Override
    public void resetUsage() {
      truncated = 0;
    }
  }

  private static Candidate firstWords(String name, int limit) {
    return Candidate.builder(name, () -> new FirstWords(limit)).atMaxLength(FirstWords::new).build();
  }

  @Test
  void bm25AndAHybridRunNextToADenseCandidate() {
    Map<String, Map<String, String>> tags = new LinkedHashMap<>();
    for (int i = 0; i < 24; i++) {
      tags.put("q" + i, Map.of("type", i % 2 == 0 ? "even" : "odd"));
    }
    BakeOffResult r = BakeOff.builder().dataset(DATA).latencyQueries(3)
        .candidate(firstWords("short", 2))
        .candidate(Candidate.bm25("bm25", LexicalAnalyzer.ENGLISH))
        .candidate(Candidate.hybrid("hybrid", RankFusion.rrf().build(), "bm25", Candidate.BEST_DENSE))
        .queryTags(tags).truncationProbe(false).build().run();

    assertEquals(List.of("short", "bm25", "hybrid"), r.candidates().stream().map(CandidateResult::name).toList());
    CandidateResult bm25 = r.candidate("bm25").orElseThrow();
    assertEquals(1.0, bm25.quality().mean("nDCG@10"), 1e-12, "each query's two words occur only in its document");
    assertEquals(0, bm25.footprint().dimension());
    assertTrue(bm25.footprint().indexBytes() > 0, "Lucene index size measured: " + bm25.footprint());
    assertEquals(bm25.footprint().indexBytes() / 24.0, bm25.footprint().bytesPerDocument(24), 1e-9);
    assertEquals(3, bm25.latency().samples());
    assertEquals("lexical", bm25.info().properties().get("kind"));

    CandidateResult hybrid = r.candidate("hybrid").orElseThrow();
    CandidateResult dense = r.candidate("short").orElseThrow();
    assertEquals("bm25 + short", hybrid.info().properties().get("components"));
    assertEquals(dense.latency().p95Millis() + bm25.latency().p95Millis(), hybrid.latency().p95Millis(), 1e-9);
    assertEquals(256 + bm25.footprint().indexBytes() / 24.0, hybrid.footprint().bytesPerDocument(24), 1e-9);
    assertEquals(24, dense.footprint().truncatedDocuments(), "every document has more than 2 words");

    assertEquals(2, r.slices().size());
    Slice even = r.slices().get(0);
    assertEquals("type", even.dimension());
    assertEquals("even", even.value());
    assertEquals("data set", even.source());
    assertEquals(12, even.queries());
    double sum = 0;
    for (String q : even.queryIds()) {
      sum += dense.quality().perQuery().get(q);
    }
    assertEquals(sum / 12, even.mean("short", "nDCG@10"), 1e-12);
  }

  @Test
  void truncationProbeReRunsTheBestDenseCandidateAtTwiceTheLength() {
    BakeOffResult r = BakeOff.builder().dataset(DATA).latencyQueries(0)
        .candidate(firstWords("short", 2)).build().run();
    assertEquals(1, r.truncationProbes().size());
    TruncationProbe p = r.truncationProbes().get(0);
    assertEquals("short", p.candidate());
    assertEquals(2, p.baseMaxLength());
    assertEquals(4, p.maxLength());
    assertEquals(24, p.baseTruncatedDocuments());
    assertEquals(24, p.truncatedDocuments(), "8 words > 4");
    BakeOffResult four = BakeOff.builder().dataset(DATA).latencyQueries(0).truncationProbe(false)
        .candidate(firstWords("four", 4)).build().run();
    assertEquals(four.candidate("four").orElseThrow().quality().mean("nDCG@10"), p.primary(), 1e-12,
        "the probe measures what a run at 4 words measures");
    assertTrue(four.truncationProbes().isEmpty(), "switched off");
    String line = Recommendation.of(r).truncation().stream().filter(t -> t.startsWith("what the cut costs"))
        .findFirst().orElseThrow();
    assertTrue(line.startsWith("what the cut costs short: at 4 tokens 24 documents cut, nDCG@10 "), line);
    assertEquals(24, p.sampleDocuments(), "a corpus of at most 200 documents is probed whole");
    assertTrue(line.endsWith("both on a seeded sample of 24 documents and " + p.sampleQueries() + " queries)."), line);
  }

  /** The probe's sample: at most 200 documents, every judged document of its queries, the same every run. */
  @Test
  void truncationProbeSampleIsSmallSeededAndHoldsItsQueriesJudgments() {
    java.util.List<dev.embedlab.data.Document> docs = new java.util.ArrayList<>();
    java.util.List<dev.embedlab.data.Query> qs = new java.util.ArrayList<>();
    dev.embedlab.data.Qrels.Builder qrels = dev.embedlab.data.Qrels.builder();
    for (int i = 0; i < 1000; i++) {
      docs.add(new dev.embedlab.data.Document("d" + i, "", "text " + i));
    }
    for (int i = 0; i < 300; i++) {
      qs.add(new dev.embedlab.data.Query("q" + i, "query " + i));
      qrels.add("q" + i, "d" + (3 * i), 1);
      qrels.add("q" + i, "d" + (3 * i + 1), 1);
    }
    dev.embedlab.data.RetrievalDataset big = new dev.embedlab.data.RetrievalDataset("big", "CC0", "inline", docs, qs,
        qrels.build());
    dev.embedlab.data.RetrievalDataset s = EmbeddingPass.probeSample(big, 200, 42);
    assertEquals(200, s.corpus().size());
    assertEquals(50, s.queries().size(), "judged documents fill half the sample: 50 queries x 2");
    java.util.Set<String> ids = new java.util.HashSet<>();
    s.corpus().forEach(d -> ids.add(d.id()));
    for (dev.embedlab.data.Query q : s.queries()) {
      assertTrue(ids.containsAll(s.qrels().judged(q.id()).keySet()), q.id());
    }
    assertEquals(s.corpus(), EmbeddingPass.probeSample(big, 200, 42).corpus(), "seeded: the same sample every run");
  }

  @Test
  void aHybridNeedsItsComponentsInTheBakeOff() {
    BakeOff b = BakeOff.builder().dataset(DATA)
        .candidate(Candidate.bm25("bm25", LexicalAnalyzer.ENGLISH))
        .candidate(Candidate.hybrid("hybrid", RankFusion.rrf().build(), "bm25", Candidate.BEST_DENSE)).build();
    IllegalStateException e = assertThrows(IllegalStateException.class, b::run);
    assertTrue(e.getMessage().startsWith("hybrid hybrid: component @best-dense is not a dense or lexical candidate"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Candidate.hybrid("h", RankFusion.rrf().build(), "only-one"));
  }
}

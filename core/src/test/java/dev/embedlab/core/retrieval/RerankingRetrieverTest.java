package dev.embedlab.core.retrieval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Retrieve-then-rerank on a five-document corpus whose both stages can be computed by hand. */
class RerankingRetrieverTest {

  /**
   * First stage: the score of a document is a fixed number, whatever the query: d1=5, d2=4,
   * d3=3, d4=2, d5=1. Records the k it was asked for.
   */
  static final class FixedRetriever implements Retriever {
    static final String[] IDS = {"d1", "d2", "d3", "d4", "d5"};
    static final double[] SCORES = {5, 4, 3, 2, 1};
    final List<Integer> asked = new ArrayList<>();
    boolean closed;

    @Override
    public List<Ranking> search(Queries queries, int k) {
      Retriever.checkK(k);
      asked.add(k);
      List<Ranking> out = new ArrayList<>();
      for (int q = 0; q < queries.size(); q++) {
        out.add(Ranking.sorted(queries.id(q), IDS, SCORES, k));
      }
      return out;
    }

    @Override
    public Description describe() {
      return new Description("fixed", Similarity.DOT_PRODUCT, IDS.length, 1234, 8, -1,
          Provenance.of("fixed", Map.of("docs", IDS.length)));
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /** Second stage: number of query words found in the document text. */
  static final class WordOverlap implements Reranker, ProvenanceSource {
    final AtomicInteger calls = new AtomicInteger();
    boolean closed;

    @Override
    public double[] score(String query, List<String> documents) {
      calls.incrementAndGet();
      List<String> words = Arrays.asList(query.split(" "));
      double[] s = new double[documents.size()];
      for (int i = 0; i < s.length; i++) {
        for (String w : documents.get(i).split(" ")) {
          if (words.contains(w)) {
            s[i]++;
          }
        }
      }
      return s;
    }

    @Override
    public Provenance provenance() {
      return Provenance.of("word-overlap", Map.of());
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  static final Map<String, String> TEXTS = new LinkedHashMap<>();

  static {
    TEXTS.put("d1", "red car");            // overlap with "blue car fast": 1
    TEXTS.put("d2", "blue car fast");      // 3
    TEXTS.put("d3", "green tree");         // 0
    TEXTS.put("d4", "fast blue boat");     // 2
    TEXTS.put("d5", "blue car fast blue"); // 4, but only ever a candidate at depth 5
  }

  static Queries oneQuery() {
    return Queries.ofTexts(new String[] {"q"}, List.of("blue car fast"));
  }

  @Test
  void rerankerReordersTheFirstStagesCandidatesAsComputedByHand() {
    FixedRetriever inner = new FixedRetriever();
    WordOverlap ce = new WordOverlap();
    try (RerankingRetriever r = RerankingRetriever.of(inner, ce, TEXTS, 4)) {
      Ranking got = r.search(oneQuery(), 3).get(0);
      // Candidates d1..d4 (depth 4); overlaps d1=1, d2=3, d3=0, d4=2: d2, d4, d1. d5 (overlap 4)
      // is outside the first stage's top 4 and must not appear.
      assertEquals(List.of("d2", "d4", "d1"), got.docIds());
      assertArrayEquals(new double[] {3, 2, 1}, got.scores());
      assertEquals(List.of(4), inner.asked, "the inner retriever is asked for depth, not k");
      Ranking all = r.search(oneQuery(), 5).get(0);
      assertEquals(List.of("d5", "d2", "d4", "d1", "d3"), all.docIds(), "k > depth widens the pool to k");
      assertEquals(5, inner.asked.get(1));
    }
  }

  @Test
  void tiesAreBrokenInTrecEvalOrder() {
    Reranker constant = (q, docs) -> new double[docs.size()];
    try (RerankingRetriever r = RerankingRetriever.of(new FixedRetriever(), constant, TEXTS, 5)) {
      // All scores 0: trec_eval order puts the larger id first.
      assertEquals(List.of("d5", "d4", "d3", "d2", "d1"), r.search(oneQuery(), 5).get(0).docIds());
    }
  }

  @Test
  void needsQueryTextsAndEveryCandidatesText() {
    try (RerankingRetriever r = RerankingRetriever.of(new FixedRetriever(), new WordOverlap(), TEXTS, 3)) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> r.search(Queries.ofVectors(new String[] {"q"}, new float[][] {{1f}}), 2));
      assertTrue(e.getMessage().contains("needs query texts"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> r.search(oneQuery(), 0));
    }
    Map<String, String> partial = new LinkedHashMap<>(TEXTS);
    partial.remove("d2");
    try (RerankingRetriever r = RerankingRetriever.of(new FixedRetriever(), new WordOverlap(), partial, 3)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.search(oneQuery(), 2));
      assertTrue(e.getMessage().contains("no text for document d2"), e.getMessage());
    }
  }

  @Test
  void badRerankerOutputIsRefused() {
    Reranker shortOutput = (q, docs) -> new double[docs.size() - 1];
    try (RerankingRetriever r = RerankingRetriever.of(new FixedRetriever(), shortOutput, TEXTS, 3)) {
      assertThrows(IllegalStateException.class, () -> r.search(oneQuery(), 2));
    }
    Reranker nan = (q, docs) -> {
      double[] s = new double[docs.size()];
      s[1] = Double.NaN;
      return s;
    };
    try (RerankingRetriever r = RerankingRetriever.of(new FixedRetriever(), nan, TEXTS, 3)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.search(oneQuery(), 2));
      assertTrue(e.getMessage().contains("d2"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class,
        () -> RerankingRetriever.of(new FixedRetriever(), new WordOverlap(), TEXTS, 0));
  }

  @Test
  void describesItselfOnTopOfTheInnerRetriever() {
    FixedRetriever inner = new FixedRetriever();
    WordOverlap ce = new WordOverlap();
    RerankingRetriever r = RerankingRetriever.of(inner, ce, TEXTS, 4);
    Retriever.Description d = r.describe();
    assertEquals(Similarity.CROSS_ENCODER, d.similarity());
    assertEquals(5, d.documents());
    assertEquals(1234, d.memoryBytes());
    assertEquals("rerank{depth=4}(word-overlap, fixed{docs=5})", d.provenance().canonical());
    assertEquals(d.provenance(), r.provenance());
    assertEquals(0, ce.calls.get(), "describe never scores");
    assertTrue(inner.asked.isEmpty(), "describe never searches");
    r.close();
    r.close();
    assertTrue(inner.closed, "closes the retriever it decorates");
    assertFalse(ce.closed, "leaves the (shared) reranker to its owner");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.search(oneQuery(), 2));
    assertTrue(e.getMessage().endsWith("is closed"), e.getMessage());
  }

  @Test
  void anOwningPipelineClosesItsRerankerAfterTheInnerRetrieverEvenWhenThatFails() {
    WordOverlap ce = new WordOverlap();
    FixedRetriever inner = new FixedRetriever();
    RerankingRetriever owning = RerankingRetriever.of(inner, ce, TEXTS, 4).owningReranker();
    assertEquals(ce, owning.reranker());
    assertEquals(4, owning.depth());
    owning.close();
    owning.close();
    assertTrue(inner.closed);
    assertTrue(ce.closed, "an owning pipeline closes its reranker");

    WordOverlap ce2 = new WordOverlap();
    FixedRetriever fixed = new FixedRetriever();
    Retriever failing = new Retriever() {
      @Override
      public List<Ranking> search(Queries queries, int k) {
        return fixed.search(queries, k);
      }

      @Override
      public Description describe() {
        return fixed.describe();
      }

      @Override
      public void close() {
        throw new IllegalStateException("inner close failed");
      }
    };
    RerankingRetriever r = RerankingRetriever.of(failing, ce2, TEXTS, 4).owningReranker();
    IllegalStateException e = assertThrows(IllegalStateException.class, r::close);
    assertEquals("inner close failed", e.getMessage());
    assertTrue(ce2.closed, "the reranker is closed even when the inner retriever's close fails");
  }
}

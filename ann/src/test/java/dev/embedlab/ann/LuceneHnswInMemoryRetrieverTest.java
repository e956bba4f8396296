package dev.embedlab.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.core.retrieval.Similarity;
import dev.embedlab.testing.BaseRetrieverTestCase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lucene HNSW, float32, in memory: the Retriever contract plus recall against brute force. */
class LuceneHnswInMemoryRetrieverTest extends BaseRetrieverTestCase {

  @Override
  protected Retriever newRetriever(Corpus c) throws Exception {
    return LuceneHnswRetriever.builder().maxConn(16).beamWidth(100).candidates(100)
        .build(c.ids(), c.vectors());
  }

  @Test
  void describesItsGraphByTheSharedAndItsOwnParameters() throws Exception {
    Corpus c = corpus();
    try (LuceneHnswRetriever r = LuceneHnswRetriever.builder().maxConn(12).beamWidth(80).candidates(40)
        .build(c.ids(), c.vectors())) {
      assertEquals("hnsw(M=12,beam=80,ef=40)", r.describe().name());
      var p = r.describe().provenance();
      assertEquals("lucene-hnsw", p.kind());
      assertEquals(List.of("beamWidth", "candidates", "dimension", "lucene", "maxConn", "rescore", "scalarBits",
          "segments", "similarity", "storage"), List.copyOf(p.params().keySet()));
      assertEquals(12L, p.params().get("maxConn"));
      assertEquals(80L, p.params().get("beamWidth"));
      assertEquals(40L, p.params().get("candidates"));
      assertEquals((long) DIM, p.params().get("dimension"));
      assertEquals("DOT_PRODUCT", p.params().get("similarity"));
      assertEquals("memory", p.params().get("storage"));
      assertEquals(0L, p.params().get("scalarBits"));
    }
  }

  @Test
  void recallAtTenAgainstBruteForceIsHighWithGenerousParameters() throws Exception {
    Corpus c = corpus();
    Queries qs = queries(c, 31);
    try (LuceneHnswRetriever r = (LuceneHnswRetriever) newRetriever(c)) {
      // rescored scores are the exact dot products: a hit found by both has the same score
      AnnTestUtil.assertGraphSearchIsAccurate(r, bruteForce(c, qs, 10), qs, SEED);
      assertTrue(r.searchBytes() > 4L * 16 * DOCS, "graph + float vectors; searchBytes=" + r.searchBytes());
      assertTrue(r.buildMillis() > 0);
      assertEquals(null, r.reconstructedVectors(), "float32 is not compressed");
    }
  }

  @Test
  void candidatesBelowKAreRaisedAndParallelBatchesEqualSerial() throws Exception {
    Corpus c = corpus();
    Queries qs = queries(c, 29);
    try (LuceneHnswRetriever serial = (LuceneHnswRetriever) newRetriever(c);
        LuceneHnswRetriever par = LuceneHnswRetriever.builder().threads(3).build(c.ids(), c.vectors())) {
      for (Ranking r : serial.search(qs, 20, 5)) {
        assertEquals(20, r.size(), "candidates=5 < k=20 still gives k hits");
      }
      assertEquals(serial.search(qs, 10), par.search(qs, 10), "threads do not change results");
    }
  }

  @Test
  void rescoringOffConvertsLuceneScoresBackToDotProducts() throws Exception {
    Corpus c = corpus();
    Queries qs = queries(c, 7);
    try (LuceneHnswRetriever exact = (LuceneHnswRetriever) newRetriever(c);
        LuceneHnswRetriever raw = LuceneHnswRetriever.builder().rescore(false).build(c.ids(), c.vectors())) {
      List<Ranking> a = exact.search(qs, 5);
      List<Ranking> b = raw.search(qs, 5);
      for (int q = 0; q < qs.size(); q++) {
        for (int i = 0; i < a.get(q).size(); i++) {
          assertEquals(a.get(q).score(i), b.get(q).score(i), 1e-6, "(1+dot)/2 mapped back, query " + q);
        }
      }
    }
  }

  @Test
  void cosineOptionAndBadInputs() throws Exception {
    Corpus c = corpus();
    float[][] scaled = new float[DOCS][];
    for (int i = 0; i < DOCS; i++) {
      scaled[i] = c.vectors()[i].clone();
      for (int j = 0; j < DIM; j++) {
        scaled[i][j] *= 3f;
      }
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LuceneHnswRetriever.builder().build(c.ids(), scaled));
    assertTrue(e.getMessage().contains("unit vectors"), e.getMessage());
    Queries qs = queries(c, 9);
    try (LuceneHnswRetriever cos = LuceneHnswRetriever.builder().similarity(Similarity.COSINE)
        .build(c.ids(), scaled)) {
      double recall = AnnTestUtil.recall(bruteForce(c, qs, 10), cos.search(qs, 10));
      assertTrue(recall >= 0.95, "cosine over scaled vectors ranks as dot over unit ones; recall=" + recall);
      assertEquals(Similarity.COSINE, cos.describe().similarity());
    }
    assertThrows(IllegalArgumentException.class, () -> LuceneHnswRetriever.builder().maxConn(0));
    assertThrows(IllegalArgumentException.class, () -> LuceneHnswRetriever.builder().similarity(Similarity.BM25));
    try (LuceneHnswRetriever r = (LuceneHnswRetriever) newRetriever(c)) {
      assertThrows(IllegalArgumentException.class,
          () -> r.search(Queries.ofVectors(new String[] {"q"}, new float[][] {new float[DIM + 1]}), 3));
    }
  }
}

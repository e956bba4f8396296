package dev.embedlab.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompressedIndexTest {

  static List<String> ids(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add("d" + i);
    }
    return ids;
  }

  @Test
  void tiesAreBrokenByDocIdDescendingAsStrings() {
    // four identical vectors and one better one: trec_eval order is best, then ids descending as strings
    float[][] v = {{1, 0}, {1, 0}, {1, 0}, {2, 0}, {1, 0}};
    List<String> ids = List.of("9", "10", "100", "a", "2");
    CompressedIndex idx = CompressedIndex.builder(new Float16Compressor(2)).vectors(ids, v).build();
    List<Hit> hits = idx.search(new float[] {1, 0}, 5);
    assertEquals(List.of("a", "9", "2", "100", "10"), CompressedIndex.idsOf(hits));
    assertEquals(List.of("a", "9", "2"), CompressedIndex.idsOf(idx.search(new float[] {1, 0}, 3)));
    assertEquals(List.of("a", "9", "2", "100", "10"),
        CompressedIndex.idsOf(CompressedIndex.exactSearch(ids, v, new float[] {1, 0}, 99, Similarity.DOT_PRODUCT)));
  }

  @Test
  void binaryRescoringWithFullOversamplingIsExact() {
    float[][] docs = Synthetic.clustered(1021, 32, 8, 0.6, 5);
    float[][] queries = Synthetic.clustered(13, 32, 8, 0.6, 6);
    List<String> ids = ids(docs.length);
    CompressedIndex idx = CompressedIndex.builder(new BinaryCompressor(32)).vectors(ids, docs)
        .keepFullVectors(true).build();
    for (float[] q : queries) {
      List<Hit> exact = CompressedIndex.exactSearch(ids, docs, q, 10, Similarity.DOT_PRODUCT);
      List<Hit> rescored = idx.search(q, 10, 200); // 2000 candidates >= n: every doc is rescored
      assertEquals(CompressedIndex.idsOf(exact), CompressedIndex.idsOf(rescored));
      for (int i = 0; i < 10; i++) {
        assertEquals(exact.get(i).score(), rescored.get(i).score(), 0f);
      }
    }
  }

  @Test
  void codeScoresAreWhatTheScorerSays() {
    float[][] docs = Synthetic.clustered(207, 16, 4, 0.5, 15);
    ProductQuantizer pq = ProductQuantizer.builder(16).subspaces(4).bits(6).seed(1).build();
    pq.fit(docs);
    CompressedIndex idx = CompressedIndex.builder(pq).vectors(ids(207), docs).build();
    List<Hit> hits = idx.search(docs[0], 207);
    assertEquals(207, hits.size());
    QueryScorer s = pq.scorer(docs[0], Similarity.DOT_PRODUCT);
    for (int i = 1; i < hits.size(); i++) {
      assertTrue(hits.get(i - 1).score() >= hits.get(i).score());
    }
    Hit h = hits.get(17);
    assertEquals(s.score(pq.encode(docs[h.index()]), 0), h.score(), 0f);
    assertEquals(207L * pq.bytesPerVector(), idx.codeBytes());
  }

  @Test
  void batchSearchEqualsOneByOne() {
    float[][] docs = Synthetic.clustered(1021, 32, 8, 0.6, 25);
    float[][] queries = Synthetic.clustered(13, 32, 8, 0.6, 26);
    CompressedIndex idx = CompressedIndex.builder(new BinaryCompressor(32)).vectors(ids(docs.length), docs)
        .keepFullVectors(true).build();
    List<List<Hit>> plain = idx.searchBatch(queries, 10, 0, 3);
    List<List<Hit>> rescored = idx.searchBatch(queries, 10, 4, 2);
    for (int q = 0; q < queries.length; q++) {
      assertEquals(idx.search(queries[q], 10), plain.get(q));
      assertEquals(idx.search(queries[q], 10, 4), rescored.get(q));
    }
  }

  @Test
  void pqBatchScoringEqualsOneByOneBitwise() {
    float[][] docs = Synthetic.clustered(1021, 24, 8, 0.6, 35);
    float[][] queries = Synthetic.clustered(13, 24, 8, 0.6, 36); // 13 = three groups of 4 and a tail
    for (int m : new int[] {6, 8}) { // m % 4 != 0 and == 0
      ProductQuantizer pq = ProductQuantizer.builder(24).subspaces(m).bits(8).seed(2).build();
      pq.fit(docs);
      CompressedIndex idx = CompressedIndex.builder(pq).vectors(ids(docs.length), docs)
          .keepFullVectors(true).build();
      for (int threads : new int[] {1, 2}) {
        List<List<Hit>> plain = idx.searchBatch(queries, 10, 0, threads);
        List<List<Hit>> rescored = idx.searchBatch(queries, 10, 3, threads);
        for (int q = 0; q < queries.length; q++) {
          assertEquals(idx.search(queries[q], 10), plain.get(q), "m=" + m + " q=" + q);
          assertEquals(idx.search(queries[q], 10, 3), rescored.get(q));
        }
      }
    }
  }

  @Test
  void misuseIsNamed() {
    float[][] docs = Synthetic.clustered(5, 4, 1, 0.5, 1);
    CompressedIndex idx = CompressedIndex.builder(new BinaryCompressor(4)).vectors(ids(5), docs).build();
    assertEquals("rescoring needs the full vectors: build with keepFullVectors(true)",
        assertThrows(IllegalStateException.class, () -> idx.search(docs[0], 2, 4)).getMessage());
    assertEquals("k must be >= 1; k=0",
        assertThrows(IllegalArgumentException.class, () -> idx.search(docs[0], 0)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> CompressedIndex.builder(new BinaryCompressor(4))
        .vectors(List.of("a", "a", "b", "c", "d"), docs));
    assertEquals(5, idx.search(docs[0], 50).size());
  }
}

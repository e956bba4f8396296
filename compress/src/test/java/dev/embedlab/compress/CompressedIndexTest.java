package dev.embedlab.compress;

import dev.embedlab.core.retrieval.Similarity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.compress.CompressedIndex.Rescoring;
import dev.embedlab.core.retrieval.Ranking;
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

  static String[] qids(int n) {
    String[] q = new String[n];
    for (int i = 0; i < n; i++) {
      q[i] = "q" + i;
    }
    return q;
  }

  @Test
  void tiesAreBrokenByDocIdDescendingAsStrings() {
    // four identical vectors and one better one: trec_eval order is best, then ids descending as strings
    float[][] v = {{1, 0}, {1, 0}, {1, 0}, {2, 0}, {1, 0}};
    List<String> ids = List.of("9", "10", "100", "a", "2");
    CompressedIndex idx = CompressedIndex.builder(new Float16Compressor(2)).vectors(ids, v).build();
    assertEquals(List.of("a", "9", "2", "100", "10"), idx.search(new float[] {1, 0}, 5, Rescoring.none()).docIds());
    assertEquals(List.of("a", "9", "2"), idx.search(new float[] {1, 0}, 3, Rescoring.none()).docIds());
    assertEquals(List.of("a", "9", "2", "100", "10"),
        CompressedIndex.exactSearch(ids, v, new float[] {1, 0}, 99, Similarity.DOT_PRODUCT).docIds());
  }

  @Test
  void binaryRescoringWithFullOversamplingIsExact() {
    float[][] docs = Synthetic.clustered(1021, 32, 8, 0.6, 5);
    float[][] queries = Synthetic.clustered(13, 32, 8, 0.6, 6);
    List<String> ids = ids(docs.length);
    CompressedIndex idx = CompressedIndex.builder(new BinaryCompressor(32)).vectors(ids, docs)
        .keepFullVectors(true).build();
    for (float[] q : queries) {
      Ranking exact = CompressedIndex.exactSearch(ids, docs, q, 10, Similarity.DOT_PRODUCT);
      Ranking rescored = idx.search(q, 10, Rescoring.oversample(200)); // 2000 >= n: every doc rescored
      assertEquals(exact.docIds(), rescored.docIds());
      for (int i = 0; i < 10; i++) {
        assertEquals(exact.score(i), rescored.score(i), 0.0);
      }
    }
  }

  @Test
  void codeScoresAreWhatTheScorerSays() {
    float[][] docs = Synthetic.clustered(207, 16, 4, 0.5, 15);
    ProductQuantizer pq = ProductQuantizer.builder(16).subspaces(4).bits(6).seed(1).build();
    pq.fit(docs);
    CompressedIndex idx = CompressedIndex.builder(pq).vectors(ids(207), docs).build();
    Ranking hits = idx.search(docs[0], 207, Rescoring.none());
    assertEquals(207, hits.size());
    QueryScorer s = pq.scorer(docs[0], Similarity.DOT_PRODUCT);
    int d = Integer.parseInt(hits.docId(17).substring(1));
    assertEquals(s.score(pq.encode(docs[d]), 0), (float) hits.score(17), 0f);
    assertEquals(207L * pq.bytesPerVector(), idx.codeBytes());
  }

  @Test
  void batchSearchEqualsOneByOneWhateverTheThreads() {
    float[][] docs = Synthetic.clustered(1021, 32, 8, 0.6, 25);
    float[][] queries = Synthetic.clustered(13, 32, 8, 0.6, 26);
    CompressedIndex idx = CompressedIndex.builder(new BinaryCompressor(32)).vectors(ids(docs.length), docs)
        .keepFullVectors(true).build();
    List<Ranking> plain = idx.search(queries, qids(13), 10, Rescoring.none(), 3);
    List<Ranking> rescored = idx.search(queries, qids(13), 10, Rescoring.oversample(4), 2);
    for (int q = 0; q < queries.length; q++) {
      assertEquals(idx.search(queries[q], 10, Rescoring.none()).docIds(), plain.get(q).docIds());
      assertEquals(idx.search(queries[q], 10, Rescoring.oversample(4)).docIds(), rescored.get(q).docIds());
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
        List<Ranking> plain = idx.search(queries, qids(13), 10, Rescoring.none(), threads);
        List<Ranking> rescored = idx.search(queries, qids(13), 10, Rescoring.oversample(3), threads);
        for (int q = 0; q < queries.length; q++) {
          Ranking one = idx.search(queries[q], 10, Rescoring.none());
          assertEquals(one.docIds(), plain.get(q).docIds(), "m=" + m + " q=" + q);
          assertEquals(java.util.Arrays.toString(one.scores()), java.util.Arrays.toString(plain.get(q).scores()));
          assertEquals(idx.search(queries[q], 10, Rescoring.oversample(3)).docIds(), rescored.get(q).docIds());
        }
      }
    }
  }

  @Test
  void misuseIsNamed() {
    float[][] docs = Synthetic.clustered(5, 4, 1, 0.5, 1);
    CompressedIndex idx = CompressedIndex.builder(new BinaryCompressor(4)).vectors(ids(5), docs).build();
    assertTrue(assertThrows(IllegalStateException.class, () -> idx.search(docs[0], 2, Rescoring.oversample(4)))
        .getMessage().startsWith("rescoring needs the full vectors"));
    assertEquals("k must be >= 1; k=0",
        assertThrows(IllegalArgumentException.class, () -> idx.search(docs[0], 0, Rescoring.none())).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Rescoring.oversample(0));
    assertThrows(IllegalArgumentException.class, () -> CompressedIndex.builder(new BinaryCompressor(4))
        .vectors(List.of("a", "a", "b", "c", "d"), docs));
    assertEquals(5, idx.search(docs[0], 50, Rescoring.none()).size());
  }

  /** Issue 13: one NaN document took the first heap slot forever and pushed the true best out. */
  @Test
  void nanDocumentsAndQueriesAreRefusedNotRanked() {
    float[][] docs = Synthetic.clustered(200, 8, 4, 0.5, 3);
    docs[17] = docs[17].clone();
    docs[17][2] = Float.NaN;
    for (VectorCompressor c : new VectorCompressor[] {new Float16Compressor(8), new BinaryCompressor(8)}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> CompressedIndex.builder(c).vectors(ids(200), docs).build());
      assertEquals("vectors[17][2] must be finite; value=NaN", e.getMessage());
    }
    float[][] ok = Synthetic.clustered(200, 8, 4, 0.5, 3);
    CompressedIndex idx = CompressedIndex.builder(new Float16Compressor(8)).vectors(ids(200), ok).build();
    float[] q = ok[0].clone();
    q[5] = Float.NaN;
    assertEquals("queries[0][5] must be finite; value=NaN",
        assertThrows(IllegalArgumentException.class, () -> idx.search(q, 10, Rescoring.none())).getMessage());
    float[] huge = ok[0].clone();
    huge[0] = 3e38f;
    assertTrue(assertThrows(IllegalArgumentException.class, () -> idx.search(huge, 10, Rescoring.none()))
        .getMessage().contains("at most 2^63"));
    assertThrows(IllegalArgumentException.class,
        () -> CompressedIndex.exactSearch(ids(200), ok, q, 10, Similarity.DOT_PRODUCT));
  }
}

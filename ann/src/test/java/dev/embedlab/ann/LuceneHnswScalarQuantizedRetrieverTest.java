package dev.embedlab.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.testing.BaseRetrieverTestCase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lucene HNSW over 7-bit scalar-quantised vectors (rescored with the float vectors). */
class LuceneHnswScalarQuantizedRetrieverTest extends BaseRetrieverTestCase {
  @TempDir
  Path tmp;

  @Override
  protected Retriever newRetriever(Corpus c) throws Exception {
    return LuceneHnswRetriever.builder().scalarQuantized(true).candidates(100).build(c.ids(), c.vectors());
  }

  @Test
  void recallAndReconstructionAndRoundTrip() throws Exception {
    Corpus c = corpus();
    Queries qs = queries(c, 31);
    try (LuceneHnswRetriever r = (LuceneHnswRetriever) newRetriever(c)) {
      double recall = AnnTestUtil.recall(bruteForce(c, qs, 10), r.search(qs, 10));
      assertTrue(recall >= 0.95, "recall@10=" + recall + ", seed " + SEED);
      assertTrue(r.describe().name().startsWith("hnsw-sq7"), r.describe().name());
      float[][] rec = r.reconstructedVectors();
      assertNotNull(rec);
      double sumErr = 0;
      for (int i = 0; i < DOCS; i++) {
        for (int j = 0; j < DIM; j++) {
          sumErr += Math.abs(rec[i][j] - c.vectors()[i][j]);
        }
      }
      double meanErr = sumErr / (DOCS * DIM);
      // 7 bits over the range between the quantiles (confidence interval 1-1/(dim+1)): steps of ~1/100;
      // the components outside the quantiles are clipped, which dominates the mean error
      assertTrue(meanErr > 0 && meanErr < 0.03, "dequantised components close but not equal; meanErr=" + meanErr);
      r.save(tmp.resolve("sq"));
      try (LuceneHnswRetriever back = LuceneHnswRetriever.open(tmp.resolve("sq"), 1)) {
        assertEquals(r.search(qs, 10), back.search(qs, 10));
        assertTrue(back.searchBytes() < back.indexBytes(), "codes + floats + graph < all files");
        float[][] rec2 = back.reconstructedVectors();
        for (int i = 0; i < DOCS; i++) {
          assertEquals(java.util.Arrays.toString(rec[i]), java.util.Arrays.toString(rec2[i]));
        }
      }
      try (LuceneHnswRetriever lean = LuceneHnswRetriever.builder().scalarQuantized(true).rescore(false)
              .build(c.ids(), c.vectors());
          LuceneHnswRetriever flt = LuceneHnswRetriever.builder().build(c.ids(), c.vectors())) {
        assertTrue(lean.searchBytes() < flt.searchBytes(), "without rescoring a search reads codes, not floats: "
            + lean.searchBytes() + " vs " + flt.searchBytes());
        assertTrue(r.searchBytes() > flt.searchBytes(), "rescoring adds the floats to the codes");
        double leanRecall = AnnTestUtil.recall(bruteForce(c, qs, 10), lean.search(qs, 10));
        assertTrue(leanRecall >= 0.9, "Lucene's quantised scores alone; recall@10=" + leanRecall);
        // the emulated quantised scoring is Lucene's: its graph search with every document as a
        // candidate finds the same top 10 (up to float ties of Lucene's (1+x)/2 map)
        java.util.List<dev.embedlab.core.retrieval.Ranking> onCodes = lean.exactOnCompressed(qs, 10);
        double agree = AnnTestUtil.recall(onCodes, lean.search(qs, 10, DOCS));
        assertTrue(agree >= 0.97, "exhaustive quantised search = Lucene's quantised scores; overlap=" + agree);
        assertEquals(null, flt.exactOnCompressed(qs, 10), "float32 has no compressed representation");
      }
    }
  }
}

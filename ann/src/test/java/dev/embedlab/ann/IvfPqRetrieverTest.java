package dev.embedlab.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.core.retrieval.TopK;
import dev.embedlab.testing.BaseRetrieverTestCase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IVF with residual PQ codes (ADC), with and without exact rescoring. */
class IvfPqRetrieverTest extends BaseRetrieverTestCase {
  @TempDir
  Path tmp;

  @Override
  protected Retriever newRetriever(Corpus c) {
    return IvfRetriever.builder().nlist(8).nprobe(4).pqSubspaces(4).pqBits(6).rescore(50)
        .build(c.ids(), c.vectors());
  }

  @Test
  void rescoredRecallIsHighAndAdcScoresAreTheDecodedVectorsScores() throws Exception {
    Corpus c = corpus();
    Queries qs = queries(c, 31);
    List<Ranking> want = bruteForce(c, qs, 10);
    IvfRetriever rescored = IvfRetriever.builder().nlist(8).nprobe(8).pqSubspaces(4).pqBits(6).rescore(50)
        .build(c.ids(), c.vectors());
    double recall = AnnTestUtil.recall(want, rescored.search(qs, 10));
    assertTrue(recall >= 0.95, "recall@10 with rescoring=" + recall + ", seed " + SEED);

    IvfRetriever adc = IvfRetriever.builder().nlist(8).nprobe(8).pqSubspaces(4).pqBits(6)
        .build(c.ids(), c.vectors());
    float[][] rec = adc.reconstructedVectors();
    assertNotNull(rec);
    // probing every list, ADC ranks exactly as brute force over the reconstructed vectors
    List<Ranking> got = adc.search(qs, 10);
    List<Ranking> onDecoded = new ArrayList<>();
    for (int q = 0; q < qs.size(); q++) {
      TopK top = new TopK(10, c.ids());
      for (int d = 0; d < DOCS; d++) {
        double s = 0;
        for (int j = 0; j < DIM; j++) {
          s += (double) qs.vectors("t")[q][j] * rec[d][j];
        }
        top.offer(d, s);
      }
      onDecoded.add(top.toRanking(qs.id(q)));
    }
    double agree = AnnTestUtil.recall(onDecoded, got);
    assertTrue(agree >= 0.97, "ADC = q·(c + r̂) up to float rounding; overlap=" + agree);
    assertEquals(adc.search(qs, 10, 8), adc.exactOnCompressed(qs, 10), "exhaustive ADC = probing every list");
    assertEquals(adc.exactOnCompressed(qs, 10), rescored.exactOnCompressed(qs, 10), "same codes, no rescoring");
    assertTrue(adc.memoryBytes() < rescored.memoryBytes(), "no float vectors without rescoring");
    assertTrue(adc.describe().bytesPerDocument() < 4 * DIM, "codes are smaller than floats");

    Path f = tmp.resolve("ivfpq.bin");
    adc.save(f);
    IvfRetriever back = IvfRetriever.open(f, 1);
    assertEquals(got, back.search(qs, 10), "round trip");
    rescored.save(f);
    assertEquals(rescored.search(qs, 10), IvfRetriever.open(f, 2).search(qs, 10), "round trip with rescoring");
  }
}

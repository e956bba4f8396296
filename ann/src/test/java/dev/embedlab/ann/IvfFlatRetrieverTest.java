package dev.embedlab.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.testing.BaseRetrieverTestCase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IVF with flat lists probing every list: exact search, ties included. */
class IvfFlatRetrieverTest extends BaseRetrieverTestCase {
  @TempDir
  Path tmp;

  @Override
  protected Retriever newRetriever(Corpus c) {
    return IvfRetriever.builder().nlist(16).nprobe(16).build(c.ids(), c.vectors());
  }

  @Override
  protected boolean exactDotProduct() {
    return true;
  }

  @Test
  void fewerProbesLoseLittleAndMoreProbesNeverLessRecall() {
    Corpus c = corpus();
    Queries qs = queries(c, 31);
    IvfRetriever r = (IvfRetriever) newRetriever(c);
    assertEquals(DOCS, Arrays.stream(r.listSizes()).sum(), "every document in one list");
    List<Ranking> want = bruteForce(c, qs, 10);
    double prev = -1;
    for (int np : new int[] {1, 2, 4, 8, 16}) {
      double recall = AnnTestUtil.recall(want, r.search(qs, 10, np));
      assertTrue(recall >= prev, "recall does not drop as nprobe grows: nprobe=" + np + " recall=" + recall);
      prev = recall;
    }
    assertEquals(1.0, prev, 0.0);
    assertTrue(AnnTestUtil.recall(want, r.search(qs, 10, 4)) >= 0.9, "4 of 16 lists of clustered data");
    assertEquals(31, r.lastLatency().samples());
  }

  @Test
  void everyDocumentSitsInTheListOfItsNearestCentroidAndListsHoldTheirOwnRows() {
    Corpus c = corpus();
    IvfRetriever r = IvfRetriever.builder().nlist(16).build(c.ids(), c.vectors());
    for (int list = 0; list < r.nlist; list++) {
      for (int p = r.offsets[list]; p < r.offsets[list + 1]; p++) {
        float[] v = c.vectors()[r.ords[p]];
        assertEquals(nearestByDefinition(r, v), list, "document " + c.ids()[r.ords[p]]);
        assertTrue(Arrays.equals(v, r.vectors[r.ords[p]]) && v != r.vectors[r.ords[p]], "a copy of its row");
      }
    }
  }

  @Test
  void threadsDoNotChangeTheIndex() {
    Corpus c = corpus();
    IvfRetriever one = IvfRetriever.builder().nlist(8).build(c.ids(), c.vectors());
    IvfRetriever three = IvfRetriever.builder().nlist(8).threads(3).build(c.ids(), c.vectors());
    assertTrue(Arrays.deepEquals(one.centroids, three.centroids), "centroids");
    assertTrue(Arrays.equals(one.offsets, three.offsets) && Arrays.equals(one.ords, three.ords), "lists");
  }

  @Test
  void sameSeedAndThreadsGiveTheSameIndexAndTheTrainingOptionsMatter() {
    Corpus c = corpus();
    // a sample of 4 documents per list (32 of 211), k-means++ over 2 per list, no early stop
    IvfRetriever.Builder b = IvfRetriever.builder().nlist(8).trainingSample(4).seedingSample(2).stopFraction(0)
        .threads(2);
    IvfRetriever one = b.build(c.ids(), c.vectors());
    IvfRetriever again = b.build(c.ids(), c.vectors());
    assertTrue(Arrays.deepEquals(one.centroids, again.centroids), "centroids");
    assertTrue(Arrays.equals(one.offsets, again.offsets) && Arrays.equals(one.ords, again.ords), "lists");
    IvfRetriever otherSeed = IvfRetriever.builder().nlist(8).trainingSample(4).seedingSample(2).stopFraction(0)
        .threads(2).seed(43).build(c.ids(), c.vectors());
    assertTrue(!Arrays.deepEquals(one.centroids, otherSeed.centroids), "seed 43 draws another sample");
    IvfRetriever whole = IvfRetriever.builder().nlist(8).trainingSample(1000).seedingSample(0).stopFraction(0)
        .build(c.ids(), c.vectors());
    assertTrue(!Arrays.deepEquals(one.centroids, whole.centroids), "32 sampled documents train other centroids");
    // trained on a sample, every document still goes to the list of its nearest centroid
    for (int list = 0; list < one.nlist; list++) {
      for (int p = one.offsets[list]; p < one.offsets[list + 1]; p++) {
        float[] v = c.vectors()[one.ords[p]];
        assertEquals(nearestByDefinition(one, v), list, "document " + c.ids()[one.ords[p]]);
      }
    }
    assertEquals(DOCS, Arrays.stream(one.listSizes()).sum(), "every document in one list");
  }

  @Test
  void trainingOptionsAreChecked() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> IvfRetriever.builder().trainingSample(0));
    assertTrue(e.getMessage().contains("trainingSample") && e.getMessage().contains("0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> IvfRetriever.builder().seedingSample(-1));
    assertTrue(e.getMessage().contains("seedingSample") && e.getMessage().contains("-1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> IvfRetriever.builder().stopFraction(1.0));
    assertTrue(e.getMessage().contains("stopFraction=1.0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> IvfRetriever.builder().stopFraction(Double.NaN));
    assertTrue(e.getMessage().contains("stopFraction=NaN"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> IvfRetriever.builder().pqIterations(-1));
    assertTrue(e.getMessage().contains("pqIterations") && e.getMessage().contains("-1"), e.getMessage());
  }

  @Test
  void saveReopenAndCorruption() throws Exception {
    Corpus c = corpus();
    Queries qs = queries(c, 17);
    IvfRetriever r = IvfRetriever.builder().nlist(8).nprobe(3).threads(2).build(c.ids(), c.vectors());
    Path f = tmp.resolve("ivf.bin");
    r.save(f);
    IvfRetriever back = IvfRetriever.open(f, 1);
    assertEquals(r.search(qs, 10), back.search(qs, 10));
    assertEquals(r.describe().provenance(), back.describe().provenance());
    assertEquals(r.memoryBytes(), back.memoryBytes());
    AnnTestUtil.flipByte(f);
    IOException e = assertThrows(IOException.class, () -> IvfRetriever.open(f, 1));
    assertTrue(e.getMessage().contains("CRC") && e.getMessage().contains(f.toString()), e.getMessage());
    r.save(f);
    AnnTestUtil.truncate(f);
    e = assertThrows(IOException.class, () -> IvfRetriever.open(f, 1));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    e = assertThrows(IOException.class, () -> IvfRetriever.open(tmp.resolve("absent.bin"), 1));
    assertTrue(e.getMessage().contains("found nothing"), e.getMessage());
  }

  @Test
  void badParametersAreNamed() {
    Corpus c = corpus();
    assertThrows(IllegalArgumentException.class, () -> IvfRetriever.builder().nlist(12));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> IvfRetriever.builder().nlist(256).build(c.ids(), c.vectors()));
    assertTrue(e.getMessage().contains("nlist"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> IvfRetriever.builder().nlist(8).pqSubspaces(5).build(c.ids(), c.vectors()));
    assertTrue(e.getMessage().contains("divide"), e.getMessage());
  }

  /** The nearest list by the definition, one {@code VectorUtil.dot} at a time: largest {@code v·c - ||c||²/2}, first on a tie. */
  private static int nearestByDefinition(IvfRetriever r, float[] v) {
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int l = 0; l < r.nlist; l++) {
      double norm = 0;
      for (float x : r.centroids[l]) {
        norm += (double) x * x;
      }
      double s = dev.embedlab.core.VectorUtil.dot(v, r.centroids[l]) - norm / 2;
      if (s > bestScore) {
        bestScore = s;
        best = l;
      }
    }
    return best;
  }
}

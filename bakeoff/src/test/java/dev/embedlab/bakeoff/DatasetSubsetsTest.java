package dev.embedlab.bakeoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.data.Document;
import dev.embedlab.data.RetrievalDataset;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetSubsetsTest {
  private static final RetrievalDataset DATA = FakeEmbedders.dataset(200);

  private static List<String> ids(RetrievalDataset d) {
    return d.corpus().stream().map(Document::id).toList();
  }

  @Test
  void corpusSampleKeepsEveryJudgedDocumentAndIsSeeded() {
    RetrievalDataset q20 = DatasetSubsets.firstQueries(DATA, 20).dataset();
    DatasetSubsets.Subset s = DatasetSubsets.sampleCorpus(q20, 50, 7);
    List<String> kept = ids(s.dataset());
    assertEquals(50, kept.size());
    for (int i = 0; i < 20; i++) {
      assertTrue(kept.contains("d" + i), "judged d" + i + " kept");
    }
    assertEquals(kept, ids(DatasetSubsets.sampleCorpus(q20, 50, 7).dataset()), "same seed, same sample");
    assertNotEquals(kept, ids(DatasetSubsets.sampleCorpus(q20, 50, 8).dataset()), "another seed, another sample");
    List<String> order = ids(DATA).stream().filter(kept::contains).toList();
    assertEquals(order, kept, "corpus order kept");
    assertEquals(q20.queries(), s.dataset().queries());
    assertTrue(s.note().startsWith("Corpus subset: 50 of 200 documents (all 20 judged documents of the evaluated "
        + "queries + 30 other documents sampled with seed 7)"), s.note());
    assertTrue(s.note().contains("NOT comparable to full-corpus numbers"), s.note());
    assertTrue(s.dataset().id().contains("corpus subset: 50 of 200 documents, seed 7"), s.dataset().id());
  }

  @Test
  void judgedDocumentsAreKeptEvenBeyondTheLimitAndAFullSizeIsNoSubset() {
    DatasetSubsets.Subset s = DatasetSubsets.sampleCorpus(DATA, 10, 1);
    assertEquals(200, s.dataset().corpus().size(), "all 200 documents are judged");
    DatasetSubsets.Subset all = DatasetSubsets.sampleCorpus(DATA, 500, 1);
    assertSame(DATA, all.dataset());
    assertEquals("", all.note());
  }

  @Test
  void firstQueriesSaysSo() {
    DatasetSubsets.Subset s = DatasetSubsets.firstQueries(DATA, 1);
    assertEquals(1, s.dataset().queries().size());
    assertEquals("Query subset: the first 1 query of 200; means over a different query set are not comparable.",
        s.note());
  }
}

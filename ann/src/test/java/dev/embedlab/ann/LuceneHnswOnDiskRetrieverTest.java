package dev.embedlab.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.testing.BaseRetrieverTestCase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lucene HNSW built on disk, closed and reopened: the contract runs against the reopened index. */
class LuceneHnswOnDiskRetrieverTest extends BaseRetrieverTestCase {
  @TempDir
  Path tmp;

  @Override
  protected Retriever newRetriever(Corpus c) throws Exception {
    Path dir = tmp.resolve("built");
    try (LuceneHnswRetriever r = LuceneHnswRetriever.builder().directory(dir).build(c.ids(), c.vectors())) {
      assertEquals(dir, r.path());
    }
    return LuceneHnswRetriever.open(dir, 1);
  }

  @Test
  void saveAndReopenGiveEqualResults() throws Exception {
    Corpus c = corpus();
    Queries qs = queries(c, 23);
    try (LuceneHnswRetriever mem = LuceneHnswRetriever.builder().maxConn(8).beamWidth(50).candidates(40)
        .build(c.ids(), c.vectors())) {
      mem.save(tmp.resolve("copy"));
      try (LuceneHnswRetriever back = LuceneHnswRetriever.open(tmp.resolve("copy"), 2)) {
        assertEquals(mem.search(qs, 10), back.search(qs, 10), "same graph, same hits");
        assertEquals(40, back.defaultEffort());
        assertEquals(mem.describe().name(), back.describe().name());
        assertEquals(mem.buildMillis(), back.buildMillis());
        assertEquals(mem.searchBytes(), back.searchBytes());
      }
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mem.save(tmp.resolve("copy")));
      assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }
  }

  @Test
  void corruptOrMissingFilesFailWithAClearIoException() throws Exception {
    Corpus c = corpus();
    try (LuceneHnswRetriever mem = LuceneHnswRetriever.builder().build(c.ids(), c.vectors())) {
      mem.save(tmp.resolve("a"));
      mem.save(tmp.resolve("b"));
      mem.save(tmp.resolve("c"));
      mem.save(tmp.resolve("d"));
    }
    // a flipped bit in the graph file
    Path vex;
    try (Stream<Path> s = Files.list(tmp.resolve("a"))) {
      vex = s.filter(p -> p.toString().endsWith(".vex")).findFirst().orElseThrow();
    }
    AnnTestUtil.flipByte(vex);
    IOException e = assertThrows(IOException.class, () -> LuceneHnswRetriever.open(tmp.resolve("a"), 1));
    assertTrue(e.getMessage().contains(vex.getFileName().toString()), e.getMessage());
    // a truncated metadata file
    AnnTestUtil.truncate(tmp.resolve("b").resolve(LuceneHnswRetriever.META_FILE));
    e = assertThrows(IOException.class, () -> LuceneHnswRetriever.open(tmp.resolve("b"), 1));
    assertTrue(e.getMessage().contains(LuceneHnswRetriever.META_FILE), e.getMessage());
    // a flipped bit in the metadata file
    AnnTestUtil.flipByte(tmp.resolve("c").resolve(LuceneHnswRetriever.META_FILE));
    e = assertThrows(IOException.class, () -> LuceneHnswRetriever.open(tmp.resolve("c"), 1));
    assertTrue(e.getMessage().contains("CRC"), e.getMessage());
    // no metadata at all
    Files.delete(tmp.resolve("d").resolve(LuceneHnswRetriever.META_FILE));
    e = assertThrows(IOException.class, () -> LuceneHnswRetriever.open(tmp.resolve("d"), 1));
    assertTrue(e.getMessage().contains("found nothing"), e.getMessage());
  }
}

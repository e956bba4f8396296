package dev.embedlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming corpus reader: its id table grows, and a late duplicate is traced to its first line. */
class BeirCorpusReaderTest {
  @TempDir Path dir;

  private Path gz(String name, int n, String tail) throws IOException {
    Path f = dir.resolve(name);
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(f))) {
      for (int i = 0; i < n; i++) {
        o.write(("{\"_id\":\"doc-" + i + "\",\"text\":\"text " + i + "\"}\n").getBytes(StandardCharsets.UTF_8));
      }
      o.write(tail.getBytes(StandardCharsets.UTF_8));
    }
    return f;
  }

  @Test
  void streamsThousandsOfIdsAndCountsThemOnce() throws IOException {
    Path f = gz("corpus.jsonl.gz", 5003, "");
    BeirCorpusReader.SeenIds seen = new BeirCorpusReader.SeenIds();
    int n = 0;
    try (BeirCorpusReader r = BeirCorpusReader.open(f, () -> Files.newInputStream(f), seen, false)) {
      for (Document d = r.next(); d != null; d = r.next()) {
        assertEquals("doc-" + n, d.id());
        assertEquals(n + 1, r.lineNo());
        n++;
      }
      assertNull(r.next());
    }
    assertEquals(5003, n);
    assertEquals(5003, seen.size());
  }

  @Test
  void aDuplicateFarFromItsFirstOccurrenceNamesBothLinesInAGzippedFile() throws IOException {
    Path f = gz("corpus.jsonl.gz", 3000, "{\"_id\":\"doc-1234\",\"text\":\"again\"}\n");
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> BeirDatasets.readCorpus(f));
    assertEquals(3001, e.line());
    assertTrue(e.getMessage().contains(f + ":3001: duplicate _id=doc-1234 (first on line 1235)"), e.getMessage());
  }

  @Test
  void hashesAreNeverTheEmptySlotAndDifferForNearIds() {
    assertTrue(BeirCorpusReader.SeenIds.hash("") != 0);
    assertTrue(BeirCorpusReader.SeenIds.hash("a1") != BeirCorpusReader.SeenIds.hash("1a"));
  }
}

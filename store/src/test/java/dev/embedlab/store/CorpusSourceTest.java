package dev.embedlab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusSourceTest {
  @TempDir Path dir;

  private static List<CorpusSource.Text> all(CorpusSource s) throws IOException {
    List<CorpusSource.Text> out = new ArrayList<>();
    try (CorpusSource.Cursor c = s.open()) {
      c.forEachRemaining(out::add);
    }
    return out;
  }

  @Test
  void readsGzippedBeirWithTitlesJoinedTheBeirWay() throws IOException {
    Path gz = dir.resolve("corpus.jsonl.gz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
      o.write(("{\"_id\":\"a\",\"title\":\"T\",\"text\":\"body\"}\n\n{\"_id\":7,\"text\":\"no title\"}\n")
          .getBytes(StandardCharsets.UTF_8));
    }
    CorpusSource s = CorpusSource.beirJsonl(gz);
    assertEquals(List.of(new CorpusSource.Text("a", "T body"), new CorpusSource.Text("7", "no title")), all(s));
    assertEquals(2, s.size().getAsLong());
  }

  @Test
  void aMalformedLineIsReportedWithFileAndLineNumber() throws IOException {
    Path f = dir.resolve("bad.jsonl");
    Files.writeString(f, "{\"_id\":\"a\",\"text\":\"x\"}\n{\"text\":\"no id\"}\n");
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> all(CorpusSource.beirJsonl(f)));
    assertTrue(e.getMessage().contains(f + ":2") && e.getMessage().contains("_id"), e.getMessage());
    Files.write(f, new byte[] {'o', 'k', '\n', (byte) 0xC3, (byte) 0x28, '\n'});
    UncheckedIOException enc = assertThrows(UncheckedIOException.class, () -> all(CorpusSource.lines(f)));
    assertTrue(enc.getMessage().contains(f + ":2: expected UTF-8 text")
        && enc.getCause() instanceof dev.embedlab.data.MalformedDataException,
        "malformed UTF-8 is an error naming its line, not U+FFFD: " + enc.getMessage());
  }
}

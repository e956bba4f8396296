package dev.embedlab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.io.CorruptFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an open mapping promises when its file changes underneath (see {@link MappedVectors}). */
class MappedVectorsChangeTest {
  @TempDir Path dir;

  private Path file() throws IOException {
    Path corpus = Corpora.beir(dir.resolve("c.jsonl"), 600, 3);
    Path out = dir.resolve("v.elv");
    CorpusEmbedding.builder().embedder(new HashEmbedder(64)).source(CorpusSource.beirJsonl(corpus)).output(out)
        .batchSize(100).build().run();
    return out;
  }

  @Test
  void aFileTruncatedWhileMappedIsAClearErrorNamingTheFileNotAnInternalError() throws IOException {
    Path f = file();
    try (MappedVectors mv = MappedVectors.open(f)) {
      mv.row(0);
      try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
        ch.truncate(mv.header().headerBytes()); // every row gone; pages past the end fault (SIGBUS)
      }
      float[] out = new float[600 * 64];
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> mv.readRows(0, 600, out));
      assertTrue(e.getMessage().startsWith(f + ": reading mapped rows failed: the file was opened with "
          + mv.header().fileBytes() + " bytes and now has " + mv.header().headerBytes() + " bytes"), e.getMessage());
      CorruptFileException v = assertThrows(CorruptFileException.class, mv::verify);
      assertTrue(v.getMessage().startsWith(f.toString()), v.getMessage());
    }
  }

  @Test
  void aRowRewrittenInPlaceIsFoundByVerify() throws IOException {
    Path f = file();
    try (MappedVectors mv = MappedVectors.open(f)) {
      mv.verify();
      float before = mv.row(7)[3];
      try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
        ByteBuffer b = ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(0, 0.875f);
        ch.write(b, mv.header().headerBytes() + 7L * 64 * 4 + 3 * 4);
      }
      assertEquals(0.875f, mv.row(7)[3], "a mapping sees a rewrite: the file must not change while open");
      assertTrue(before != 0.875f);
      CorruptFileException e = assertThrows(CorruptFileException.class, mv::verify);
      assertTrue(e.getMessage().contains("rows were rewritten since the file was opened"), e.getMessage());
    }
  }
}

package dev.embedlab.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A resumed run checks that it resumes the same source and intact rows. */
class CorpusEmbeddingResumeTest {
  @TempDir Path dir;

  /** HashEmbedder that fails on its {@code failOn}-th call, as a run killed mid-way. */
  static final class Interrupted implements Embedder, dev.embedlab.core.Fingerprinted {
    private final HashEmbedder inner = new HashEmbedder(16);
    private final int failOn;
    private int calls;

    Interrupted(int failOn) {
      this.failOn = failOn;
    }

    @Override
    public float[][] embed(List<String> texts, Role role) {
      if (++calls == failOn) {
        throw new IllegalStateException("killed");
      }
      return inner.embed(texts, role);
    }

    @Override public int dimension() { return 16; }
    @Override public String id() { return inner.id(); }
    @Override public String fingerprint() { return inner.fingerprint(); }
  }

  private CorpusEmbedding run(Path corpus, Path out, Embedder e) {
    return CorpusEmbedding.builder().embedder(e).source(CorpusSource.beirJsonl(corpus)).output(out).batchSize(10)
        .build();
  }

  private Path interrupted(Path corpus, Path out) {
    assertThrows(IllegalStateException.class, () -> run(corpus, out, new Interrupted(4)).run());
    assertTrue(Files.exists(dir.resolve(out.getFileName() + ".ckpt")), "a checkpoint after 3 batches");
    return out;
  }

  @Test
  void resumingOverADifferentSourceWithTheSameCountIsRefused() throws IOException {
    Path a = Corpora.beir(dir.resolve("a.jsonl"), 57, 1);
    Path b = Corpora.beir(dir.resolve("b.jsonl"), 57, 2); // same ids d0..d56, other texts
    Path out = interrupted(a, dir.resolve("v.elv"));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(b, out, new HashEmbedder(16)).run());
    assertTrue(e.getMessage().contains("the first 30 texts of") && e.getMessage().contains("differ from those the"
        + " checkpoint"), e.getMessage());
    assertTrue(!Files.exists(out), "nothing finished");
    // the same source resumes to the file an uninterrupted run writes
    CorpusEmbedding.Result r = run(a, out, new HashEmbedder(16)).run();
    assertEquals(30, r.resumedFromRows());
    run(a, dir.resolve("fresh.elv"), new HashEmbedder(16)).run();
    assertArrayEquals(Files.readAllBytes(dir.resolve("fresh.elv")), Files.readAllBytes(out));
  }

  @Test
  void aDamagedPartRowIsFoundBeforeResumingNotSealedIntoTheFile() throws IOException {
    Path a = Corpora.beir(dir.resolve("a.jsonl"), 57, 1);
    Path out = interrupted(a, dir.resolve("v.elv"));
    Path part = dir.resolve("v.elv.part");
    try (FileChannel ch = FileChannel.open(part, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long pos = VectorFile.headerBytesFor(new HashEmbedder(16).fingerprint()) + 5L * 16 * 4 + 8; // row 5
      ByteBuffer one = ByteBuffer.allocate(1);
      ch.read(one, pos);
      one.put(0, (byte) (one.get(0) ^ 0x40)).rewind();
      ch.write(one, pos);
    }
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(a, out, new HashEmbedder(16)).run());
    assertTrue(e.getMessage().startsWith(part + ": the 30 finished rows were changed on disk"), e.getMessage());
    assertTrue(!Files.exists(out));
  }
}

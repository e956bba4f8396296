package dev.embedlab.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.io.CorruptFileException;
import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.Float16;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusEmbeddingTest {
  @TempDir Path dir;

  private static CorpusEmbedding.Result embed(Path corpus, Path out, int batch, ElementType t) throws IOException {
    return CorpusEmbedding.builder().embedder(new HashEmbedder(48, 12, 0)).source(CorpusSource.beirJsonl(corpus))
        .output(out).batchSize(batch).elementType(t).build().run();
  }

  @Test
  void writesEveryDocumentInOrderWithItsVectorAndChecksums() throws IOException {
    Path corpus = Corpora.beir(dir.resolve("corpus.jsonl"), 1021, 7);
    Path out = dir.resolve("v.elv");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CorpusEmbedding.Result r = CorpusEmbedding.builder().embedder(new HashEmbedder(48, 12, 0))
        .source(CorpusSource.beirJsonl(corpus)).output(out).batchSize(100)
        .console(new PrintStream(err, true, StandardCharsets.UTF_8)).build().run();
    assertEquals(1021, r.rows());
    assertEquals(0, r.resumedFromRows());
    assertTrue(r.truncatedThisRun() > 0, "texts over 12 tokens are counted as truncated: " + r.truncatedThisRun());
    String console = err.toString(StandardCharsets.UTF_8);
    assertTrue(console.contains("100.0%") && console.contains("texts/s") && console.contains("ETA"), console);
    assertTrue(console.contains("truncated to the model's maximum length: " + r.truncatedThisRun() + " texts"), console);
    assertTrue(!Files.exists(dir.resolve("v.elv.ckpt")) && !Files.exists(dir.resolve("v.elv.part"))
        && !Files.exists(dir.resolve("v.elv.ids.part")), "run files are removed");
    HashEmbedder ref = new HashEmbedder(48, 12, 0);
    List<String> texts = new ArrayList<>();
    try (CorpusSource.Cursor c = CorpusSource.beirJsonl(corpus).open()) {
      c.forEachRemaining(t -> texts.add(t.text()));
    }
    try (MappedVectors mv = MappedVectors.open(out)) {
      assertEquals(1021, mv.count());
      assertEquals(48, mv.dimension());
      assertEquals(ref.fingerprint(), mv.fingerprint());
      for (int i = 0; i < 1021; i += 97) {
        assertEquals("d" + i, mv.id(i));
        assertArrayEquals(ref.vector(texts.get(i)), mv.row(i), 0f, "row " + i);
      }
      assertEquals(1021, mv.idsArray().length);
    }
  }

  @Test
  void float16RowsAreTheRoundedFloat32Rows() throws IOException {
    Path corpus = Corpora.beir(dir.resolve("c.jsonl"), 207, 3);
    embed(corpus, dir.resolve("a.elv"), 13, ElementType.FLOAT32);
    embed(corpus, dir.resolve("b.elv"), 13, ElementType.FLOAT16);
    try (MappedVectors a = MappedVectors.open(dir.resolve("a.elv")); MappedVectors b = MappedVectors.open(dir.resolve("b.elv"))) {
      assertEquals(ElementType.FLOAT16, b.header().elementType());
      assertEquals(Files.size(dir.resolve("a.elv")) - 207L * 48 * 2, Files.size(dir.resolve("b.elv")));
      for (int i = 0; i < 207; i++) {
        float[] x = a.row(i);
        float[] y = b.row(i);
        for (int j = 0; j < 48; j++) {
          assertEquals(Float16.halfToFloat(Float16.floatToHalf(x[j])), y[j], 0f);
        }
      }
    }
  }

  @Test
  void retrieverMatchesBruteForceOnTheMappedFileInTrecEvalOrder() throws IOException {
    Path corpus = Corpora.beir(dir.resolve("c.jsonl"), 1021, 11);
    Path out = dir.resolve("v.elv");
    embed(corpus, out, 64, ElementType.FLOAT32);
    HashEmbedder qe = new HashEmbedder(48, 12, 0);
    SplittableRandom rnd = new SplittableRandom(5);
    String[] qids = new String[13];
    List<String> qtexts = new ArrayList<>();
    for (int i = 0; i < qids.length; i++) {
      qids[i] = "q" + i;
      qtexts.add(Corpora.sentence(rnd, 3));
    }
    try (MappedVectors mv = MappedVectors.open(out);
        MappedVectorRetriever r = MappedVectorRetriever.of(mv, qe, 100)) {
      List<Ranking> got = r.search(Queries.ofTexts(qids, qtexts), 10);
      for (int q = 0; q < qids.length; q++) {
        float[] qv = qe.vector(qtexts.get(q));
        double[] s = new double[mv.count()];
        for (int d = 0; d < mv.count(); d++) {
          float[] row = mv.row(d);
          // the same summation order as the retriever: four partial sums
          float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
          for (int j = 0; j < 48; j += 4) {
            s0 += qv[j] * row[j];
            s1 += qv[j + 1] * row[j + 1];
            s2 += qv[j + 2] * row[j + 2];
            s3 += qv[j + 3] * row[j + 3];
          }
          s[d] = (s0 + s1) + (s2 + s3);
        }
        Ranking expected = Ranking.sorted(qids[q], mv.idsArray(), s, 10);
        assertEquals(expected, got.get(q), "query " + q);
      }
      assertEquals(mv.count() * 48L * 4, r.describe().memoryBytes());
      assertTrue(r.describe().provenance().canonical().contains("hash-embedder"));
      assertThrows(IllegalArgumentException.class, () -> r.search(Queries.ofTexts(qids, qtexts), 0));
      assertThrows(IllegalArgumentException.class, () -> MappedVectorRetriever.of(mv, new HashEmbedder(48, 13, 0), 10),
          "a query embedder with another fingerprint is refused");
    }
  }

  @Test
  void linesAndIteratorSourcesNumberTheirTexts() throws IOException {
    Path lines = Corpora.lines(dir.resolve("t.txt"), 50, 1);
    Files.writeString(lines, "\n", StandardOpenOption.APPEND); // a blank line is skipped
    CorpusEmbedding.builder().embedder(new HashEmbedder(8)).source(CorpusSource.lines(lines))
        .output(dir.resolve("l.elv")).batchSize(7).build().run();
    List<String> texts = List.of("alpha", "beta", "gamma");
    CorpusEmbedding.builder().embedder(new HashEmbedder(8)).source(CorpusSource.of(texts::iterator, 3))
        .output(dir.resolve("i.elv")).build().run();
    try (MappedVectors l = MappedVectors.open(dir.resolve("l.elv")); MappedVectors i = MappedVectors.open(dir.resolve("i.elv"))) {
      assertEquals(50, l.count());
      assertEquals("1", l.id(0));
      assertEquals("50", l.id(49));
      assertEquals(List.of("0", "1", "2"), List.of(i.idsArray()));
      assertArrayEquals(new HashEmbedder(8).vector("gamma"), i.row(2), 0f);
    }
  }

  @Test
  void aChangedByteAnywhereIsDetectedOnOpen() throws IOException {
    Path corpus = Corpora.beir(dir.resolve("c.jsonl"), 100, 2);
    Path out = dir.resolve("v.elv");
    embed(corpus, out, 32, ElementType.FLOAT32);
    byte[] good = Files.readAllBytes(out);
    int headerBytes = ByteBuffer.wrap(good, 8, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
    for (int pos : new int[] {2, 17, 70, headerBytes + 5, headerBytes + 100 * 48 * 4 + 3, good.length - 1}) {
      byte[] bad = good.clone();
      bad[pos] ^= 0x10;
      Files.write(out, bad);
      CorruptFileException e = assertThrows(CorruptFileException.class, () -> MappedVectors.open(out).close(),
          "flipped bit at byte " + pos);
      assertTrue(e.getMessage().contains(out.toString()), e.getMessage());
    }
    Files.write(out, java.util.Arrays.copyOf(good, good.length - 10));
    CorruptFileException cut = assertThrows(CorruptFileException.class, () -> MappedVectors.open(out).close());
    assertTrue(cut.getMessage().contains("cut off"), cut.getMessage());
    Files.write(out, good);
    MappedVectors.open(out).close();
  }

  @Test
  void aCheckpointFromAnotherConfigurationIsRefused() throws IOException {
    Path corpus = Corpora.beir(dir.resolve("c.jsonl"), 10, 2);
    Path out = dir.resolve("v.elv");
    Files.writeString(dir.resolve("v.elv.ckpt"), "fingerprint=other\ndim=48\nelementType=FLOAT32\nbatchSize=32\nrows=0\nidsBytes=0\n"
        + "sourceSha256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nrowsCrc=0\nidsCrc=0\n");
    Files.write(dir.resolve("v.elv.part"), new byte[0]);
    Files.write(dir.resolve("v.elv.ids.part"), new byte[0]);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> embed(corpus, out, 32, ElementType.FLOAT32));
    assertTrue(e.getMessage().contains("fingerprint 'other'"), e.getMessage());
  }

  @Test
  void aFinishedFileIsNotRewrittenAndAnotherEmbeddersFileIsRefused() throws IOException {
    Path corpus = Corpora.beir(dir.resolve("c.jsonl"), 10, 2);
    Path out = dir.resolve("v.elv");
    embed(corpus, out, 32, ElementType.FLOAT32);
    CorpusEmbedding.Result again = embed(corpus, out, 32, ElementType.FLOAT32);
    assertEquals(10, again.resumedFromRows());
    assertEquals(0, again.embeddedThisRun());
    IOException e = assertThrows(IOException.class, () -> CorpusEmbedding.builder().embedder(new HashEmbedder(16))
        .source(CorpusSource.beirJsonl(corpus)).output(out).build().run());
    assertTrue(e.getMessage().contains("Delete it"), e.getMessage());
  }

  @Test
  void aNonFiniteVectorStopsTheRunNamingTheDocument() throws IOException {
    Path corpus = Corpora.beir(dir.resolve("c.jsonl"), 10, 2);
    dev.embedlab.core.Embedder nan = new dev.embedlab.core.Embedder() {
      @Override
      public float[][] embed(List<String> texts, Role role) {
        float[][] v = new float[texts.size()][4];
        v[texts.size() - 1][2] = Float.NaN;
        return v;
      }

      @Override
      public int dimension() {
        return 4;
      }

      @Override
      public String id() {
        return "nan";
      }
    };
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> CorpusEmbedding.builder().embedder(nan)
        .source(CorpusSource.beirJsonl(corpus)).output(dir.resolve("n.elv")).batchSize(4).build().run());
    assertTrue(e.getMessage().contains("document 'd3' (index 3)") && e.getMessage().contains("vector[2] must be finite"),
        e.getMessage());
  }

  @Test
  void progressLineShowsRateAndEta() {
    long[] now = {0};
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    ConsoleProgress p = new ConsoleProgress(new PrintStream(b, true, StandardCharsets.UTF_8), "x", 1000, 100,
        () -> now[0], 0);
    now[0] = 2_000_000_000L; // 2 s for 300 texts: 150/s, 600 left: 4 s
    p.update(400);
    String line = p.line(now[0]);
    assertTrue(line.contains(" 40.0%  400/1,000  150 texts/s  ETA 0:04"), line);
    assertEquals("1:01:01", ConsoleProgress.clock(3661));
  }


  static byte[] read(Path p) throws IOException {
    try (FileChannel ch = FileChannel.open(p)) {
      ByteBuffer b = ByteBuffer.allocate((int) ch.size());
      while (b.hasRemaining() && ch.read(b) >= 0) {
        // read all
      }
      return b.array();
    }
  }
}

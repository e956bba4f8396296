package dev.embedlab.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.io.CorruptFileException;
import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.core.retrieval.Similarity;
import dev.embedlab.testing.BaseRetrieverTestCase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jvector's graph: the Retriever contract plus recall against brute force, saving and the options. */
class JVectorRetrieverTest extends BaseRetrieverTestCase {

  @TempDir
  Path tmp;

  @Override
  protected Retriever newRetriever(Corpus c) {
    return JVectorRetriever.builder().maxConn(16).beamWidth(100).candidates(100).build(c.ids(), c.vectors());
  }

  @Test
  void describesItsGraphByTheSharedAndItsOwnParameters() {
    Corpus c = corpus();
    try (JVectorRetriever r = JVectorRetriever.builder().maxConn(12).beamWidth(80).candidates(40)
        .alpha(1.0f).neighborOverflow(1.5f).build(c.ids(), c.vectors())) {
      assertEquals("jvector(M=12,beam=80,ef=40)", r.describe().name());
      var p = r.describe().provenance();
      assertEquals("jvector", p.kind());
      assertEquals(List.of("alpha", "beamWidth", "candidates", "dimension", "jvector", "maxConn", "maxDegree",
          "neighborOverflow", "similarity", "vectorization"), List.copyOf(p.params().keySet()));
      assertEquals(12L, p.params().get("maxConn"));
      assertEquals(24L, p.params().get("maxDegree"));
      assertEquals(80L, p.params().get("beamWidth"));
      assertEquals(40L, p.params().get("candidates"));
      assertEquals((long) DIM, p.params().get("dimension"));
      assertEquals("DOT_PRODUCT", p.params().get("similarity"));
      assertEquals(1.0, ((Number) p.params().get("alpha")).doubleValue());
      assertEquals(1.5, ((Number) p.params().get("neighborOverflow")).doubleValue());
    }
  }

  @Test
  void recallAtTenAgainstBruteForceIsHighAndScoresAreExact() {
    Corpus c = corpus();
    Queries qs = queries(c, 31);
    try (JVectorRetriever r = (JVectorRetriever) newRetriever(c)) {
      // rescored scores are the exact dot products: a hit found by both has the same score
      AnnTestUtil.assertGraphSearchIsAccurate(r, bruteForce(c, qs, 10), qs, SEED);
      assertTrue(r.buildMillis() > 0);
      assertTrue(r.memoryBytes() > 4L * DIM * DOCS, "vectors + graph; memoryBytes=" + r.memoryBytes());
      assertEquals(null, r.reconstructedVectors(), "float32 is not compressed");
      assertEquals(null, r.exactOnCompressed(qs, 10));
      assertTrue(r.describe().provenance().canonical().contains("vectorization"),
          r.describe().provenance().canonical());
    }
  }

  @Test
  void anExhaustiveBeamFindsTheExactTopKTiesIncluded() {
    // with candidates = the corpus the beam holds every reachable node: the result is exact search's
    Corpus c = corpus();
    Queries qs = queries(c, 17);
    try (JVectorRetriever r = (JVectorRetriever) newRetriever(c)) {
      List<Ranking> want = bruteForce(c, qs, 10);
      List<Ranking> got = r.search(qs, 10, DOCS);
      for (int q = 0; q < qs.size(); q++) {
        assertEquals(want.get(q), got.get(q), "query " + q + ", seed " + SEED);
      }
    }
  }

  @Test
  void candidatesBelowKAreRaisedAndParallelBatchesEqualSerial() {
    Corpus c = corpus();
    Queries qs = queries(c, 29);
    try (JVectorRetriever serial = (JVectorRetriever) newRetriever(c)) {
      for (Ranking r : serial.search(qs, 20, 5)) {
        assertEquals(20, r.size(), "candidates=5 < k=20 still gives k hits");
      }
      List<Ranking> one = serial.search(qs, 10);
      // the same graph searched by 3 threads: the graph is shared, each thread has its own searcher
      assertEquals(one, searchWithThreads(serial, qs, 3), "threads do not change results");
    }
  }

  private List<Ranking> searchWithThreads(JVectorRetriever built, Queries qs, int threads) {
    Path f = tmp.resolve("threads.jvec");
    try {
      built.save(f);
      try (JVectorRetriever par = JVectorRetriever.open(f, threads)) {
        return par.search(qs, 10);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void saveAndOpenGiveTheSameRankingsAndCorruptionIsNamed() throws Exception {
    Corpus c = corpus();
    Queries qs = queries(c, 13);
    Path f = tmp.resolve("index").resolve("g.jvec");
    List<Ranking> before;
    try (JVectorRetriever r = (JVectorRetriever) newRetriever(c)) {
      before = r.search(qs, 10);
      r.save(f);
      try (JVectorRetriever o = JVectorRetriever.open(f, 1)) {
        assertEquals(before, o.search(qs, 10), "an opened index ranks as the built one");
        assertEquals(r.describe().name(), o.describe().name());
        assertEquals(r.buildMillis(), o.buildMillis(), 0.0);
      }
    }
    Path flipped = tmp.resolve("flipped.jvec");
    java.nio.file.Files.copy(f, flipped);
    AnnTestUtil.flipByte(flipped);
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> JVectorRetriever.open(flipped, 1));
    assertTrue(e.getMessage().contains(flipped.toString()), e.getMessage());
    Path cut = tmp.resolve("cut.jvec");
    java.nio.file.Files.copy(f, cut);
    AnnTestUtil.truncate(cut);
    assertThrows(IOException.class, () -> JVectorRetriever.open(cut, 1));
    IOException missing = assertThrows(IOException.class, () -> JVectorRetriever.open(tmp.resolve("none"), 1));
    assertTrue(missing.getMessage().contains("found nothing"), missing.getMessage());
  }

  @Test
  void cosineOptionAndBadInputs() {
    Corpus c = corpus();
    float[][] scaled = new float[DOCS][];
    for (int i = 0; i < DOCS; i++) {
      scaled[i] = c.vectors()[i].clone();
      for (int j = 0; j < DIM; j++) {
        scaled[i][j] *= 3f;
      }
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> JVectorRetriever.builder().build(c.ids(), scaled));
    assertTrue(e.getMessage().contains("unit vectors") && e.getMessage().contains("vectors[0]"), e.getMessage());
    Queries qs = queries(c, 9);
    try (JVectorRetriever cos = JVectorRetriever.builder().similarity(Similarity.COSINE).build(c.ids(), scaled)) {
      double recall = AnnTestUtil.recall(bruteForce(c, qs, 10), cos.search(qs, 10));
      assertTrue(recall >= 0.95, "cosine over scaled vectors ranks as dot over unit ones; recall=" + recall);
      assertEquals(Similarity.COSINE, cos.describe().similarity());
    }
    float[][] zero = c.vectors().clone();
    zero[4] = new float[DIM];
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> JVectorRetriever.builder().similarity(Similarity.COSINE).build(c.ids(), zero)).getMessage()
        .contains("vectors[4] has norm 0"));
    assertThrows(IllegalArgumentException.class, () -> JVectorRetriever.builder().maxConn(0));
    assertThrows(IllegalArgumentException.class, () -> JVectorRetriever.builder().alpha(0.5f));
    assertEquals("neighborOverflow must be in [1, 2]; neighborOverflow=0.9", assertThrows(IllegalArgumentException.class,
        () -> JVectorRetriever.builder().neighborOverflow(0.9f)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> JVectorRetriever.builder().similarity(Similarity.BM25));
    try (JVectorRetriever r = (JVectorRetriever) newRetriever(c)) {
      assertThrows(IllegalArgumentException.class,
          () -> r.search(Queries.ofVectors(new String[] {"q"}, new float[][] {new float[DIM + 1]}), 3));
      assertThrows(IllegalArgumentException.class, () -> r.search(qs, 3, 0));
      r.close();
      r.close(); // idempotent
      assertThrows(IllegalStateException.class, () -> r.search(qs, 3));
    }
  }

  @Test
  void theVectorApiPathIsTakenExactlyWhenTheJvmOffersIt() {
    // Java 17 (the CI baseline): scalar. Java 20+ with --add-modules jdk.incubator.vector: jvector's
    // Panama kernels (run by hand: mvn ... -Djvm=<jdk25>/bin/java -DargLine="--add-modules jdk.incubator.vector")
    boolean offered = Runtime.version().feature() >= 20
        && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    String path = JVectorRetriever.vectorization();
    assertEquals(offered ? "PanamaVectorizationProvider" : "DefaultVectorizationProvider", path,
        "Java " + Runtime.version() + ", incubator module " + (offered ? "loaded" : "absent"));
    try (JVectorRetriever r = (JVectorRetriever) newRetriever(corpus())) {
      assertTrue(r.describe().provenance().canonical().contains(path), r.describe().provenance().canonical());
    }
  }

  @Test
  void aOneDocumentCorpusIsSearchable() {
    Corpus c = corpus();
    try (JVectorRetriever r = JVectorRetriever.builder().build(new String[] {"only"},
        new float[][] {c.vectors()[0]})) {
      Ranking got = r.search(queries(c, 1), 10).get(0);
      assertEquals(List.of("only"), got.docIds());
    }
  }
}

package dev.embedlab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.compress.BuiltInCodecs;
import dev.embedlab.compress.Codecs;
import dev.embedlab.compress.CompressedIndex;
import dev.embedlab.compress.TrainableCompressor;
import dev.embedlab.compress.VectorCompressor;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.io.CorruptFileException;
import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.store.sqlite.SqliteEmbeddingStore;
import dev.embedlab.store.sqlite.TextHash;
import dev.embedlab.testing.HostileVectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One finite/norm policy ({@link VectorUtil#checkFinite}) wherever a vector enters: the same hostile
 * vectors go through the vector-file writer ({@link CorpusEmbedding}), the vector-file reader
 * ({@link MappedVectors}), exact search over it ({@link MappedVectorRetriever} queries), the SQLite
 * store, every named codec's fit and encode, and {@link CompressedIndex} build; each refuses every
 * one, naming the document, row or index and the component. The cases are test-framework's
 * {@link HostileVectors}, which {@code ann}'s {@code AnnVectorPolicyTest} runs through HNSW and IVF
 * (store does not depend on ann) and every codec's {@code BaseVectorCompressorTestCase} through fit
 * and encode.
 */
class VectorPolicyContractTest {
  static final int DIM = 16;
  static final int BAD_ROW = 5;
  static final int BAD_COMPONENT = HostileVectors.COMPONENT;

  @TempDir Path dir;

  record Hostile(String name, float[] vector) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** The library's one list of hostile vectors ({@link HostileVectors}). */
  static List<Hostile> hostile() {
    List<Hostile> out = new ArrayList<>();
    for (HostileVectors.Case c : HostileVectors.all(DIM)) {
      out.add(new Hostile(c.name(), c.vector()));
    }
    return out;
  }

  static float[] unit(long seed) {
    Random r = new Random(seed);
    float[] v = new float[DIM];
    for (int j = 0; j < DIM; j++) {
      v[j] = (float) r.nextGaussian();
    }
    return VectorUtil.normalizeInPlace(v);
  }

  static float[][] rows(int n, Hostile bad) {
    float[][] v = new float[n][];
    for (int i = 0; i < n; i++) {
      v[i] = unit(i);
    }
    if (bad != null) {
      v[BAD_ROW] = bad.vector().clone();
    }
    return v;
  }

  static String[] ids(int n) {
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = "d" + i;
    }
    return ids;
  }

  /** The message names the component or the norm, as {@link VectorUtil#checkFinite} words them. */
  static void namesTheComponent(Hostile h, String message) {
    assertTrue(HostileVectors.namesTheProblem(message), h + ": " + message);
  }

  /** An embedder whose document at {@link #BAD_ROW} comes back hostile. */
  static Embedder returning(Hostile h) {
    return new Embedder() {
      int seen;

      @Override
      public float[][] embed(List<String> texts, Role role) {
        float[][] v = new float[texts.size()][];
        for (int i = 0; i < v.length; i++, seen++) {
          v[i] = seen == BAD_ROW ? h.vector().clone() : unit(seen);
        }
        return v;
      }

      @Override public int dimension() { return DIM; }
      @Override public String id() { return "hostile"; }
    };
  }

  @Test
  void theVectorFileWriterRefusesEveryHostileVectorNamingTheDocument() throws Exception {
    Path corpus = Corpora.beir(dir.resolve("c.jsonl"), 20, 1);
    for (Hostile h : hostile()) {
      Path out = dir.resolve("w" + Math.abs(h.name().hashCode()) + ".elv");
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> CorpusEmbedding.builder()
          .embedder(returning(h)).source(CorpusSource.beirJsonl(corpus)).output(out).batchSize(4).build().run(), h.name());
      assertTrue(e.getMessage().contains("document 'd5' (index 5)"), e.getMessage());
      namesTheComponent(h, e.getMessage());
      assertTrue(!Files.exists(out), "nothing is written");
    }
  }

  @Test
  void theVectorFileReaderRefusesEveryHostileRowWithAValidChecksum() throws Exception {
    for (Hostile h : hostile()) {
      Path f = VectorFiles.write(dir.resolve("r" + Math.abs(h.name().hashCode()) + ".elv"), "foreign", ids(9), rows(9, h));
      CorruptFileException e = assertThrows(CorruptFileException.class, () -> MappedVectors.open(f), h.name());
      assertTrue(e.getMessage().startsWith(f + ": row 5"), e.getMessage());
      namesTheComponent(h, e.getMessage());
    }
    Path ok = VectorFiles.write(dir.resolve("ok.elv"), "foreign", ids(9), rows(9, null));
    try (MappedVectorRetriever r = MappedVectorRetriever.of(MappedVectors.open(ok))) {
      for (Hostile h : hostile()) {
        assertThrows(IllegalArgumentException.class,
            () -> r.search(Queries.ofVectors(new String[] {"q"}, new float[][] {h.vector()}), 3), "query " + h);
      }
    }
  }

  @Test
  void theSqliteStoreRefusesEveryHostileVectorNamingTheIndex() throws Exception {
    try (SqliteEmbeddingStore s = SqliteEmbeddingStore.open(dir.resolve("e.db"), ElementType.FLOAT16)) {
      SqliteEmbeddingStore.Namespace ns = s.namespace("m", DIM);
      for (Hostile h : hostile()) {
        List<TextHash> keys = new ArrayList<>();
        List<float[]> vs = new ArrayList<>();
        float[][] rows = rows(8, h);
        for (int i = 0; i < rows.length; i++) {
          keys.add(TextHash.of(h.name() + i));
          vs.add(rows[i]);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> s.putAll(ns, Embedder.Role.DOCUMENT, keys, vs), h.name());
        assertTrue(e.getMessage().startsWith("vectors[5]"), e.getMessage());
        namesTheComponent(h, e.getMessage());
        assertEquals(0, s.count(ns), "all or nothing");
      }
    }
  }

  @Test
  void everyNamedCodecRefusesEveryHostileVectorInFitAndEncode() {
    List<String> names = List.of("fp16", "int8", "binary", "pq4", "opq4", "pca8", "trunc8");
    assertEquals(new BuiltInCodecs().syntax().size(), names.size() + 1, "every built-in codec (fp16 = float16)");
    for (String name : names) {
      VectorCompressor c = Codecs.named(name).create(DIM);
      float[][] good = rows(300, null);
      if (c instanceof TrainableCompressor t) {
        t.fit(good);
      }
      for (Hostile h : hostile()) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.encode(h.vector()),
            name + " encode " + h);
        namesTheComponent(h, e.getMessage());
        if (c instanceof TrainableCompressor) {
          float[][] bad = rows(300, h);
          IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
              () -> ((TrainableCompressor) Codecs.named(name).create(DIM)).fit(bad), name + " fit " + h);
          assertTrue(f.getMessage().startsWith("training[5]"), f.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> c.scorer(h.vector(), dev.embedlab.core.retrieval.Similarity.DOT_PRODUCT),
            name + " query " + h);
      }
    }
  }

  @Test
  void compressedIndexBuildRefusesEveryHostileVectorAndFloat16Overflow() {
    for (Hostile h : hostile()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CompressedIndex
          .builder(Codecs.named("fp16").create(DIM)).vectors(Arrays.asList(ids(9)), rows(9, h)).build(), h.name());
      assertTrue(e.getMessage().startsWith("vectors[5]"), e.getMessage());
    }
    // 70000 is finite and within the norm bound, but float16 stores at most 65504: refused at build,
    // not by every later search ("score ... must be finite")
    float[][] v = rows(9, null);
    v[BAD_ROW][BAD_COMPONENT] = 70000f;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CompressedIndex
        .builder(Codecs.named("fp16").create(DIM)).vectors(Arrays.asList(ids(9)), v).build());
    assertTrue(e.getMessage().startsWith("vectors[5] (document 'd5') cannot be encoded by float16: vector[7]=70000.0"
        + " is beyond float16's range"), e.getMessage());
    v[BAD_ROW][BAD_COMPONENT] = 65504f;
    CompressedIndex ok = CompressedIndex.builder(Codecs.named("fp16").create(DIM)).vectors(Arrays.asList(ids(9)), v)
        .build();
    assertEquals(9, ok.search(unit(3), 9, CompressedIndex.Rescoring.none()).size(), "65504 is stored and searched");
  }
}

package dev.embedlab.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.Fingerprinted;
import dev.embedlab.store.ElementType;
import dev.embedlab.store.HashEmbedder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteEmbeddingStoreTest {
  @TempDir Path dir;

  @Test
  void missesAreEmbeddedOnceThenServedFromMemoryThenFromTheStore() throws Exception {
    Path db = dir.resolve("e.db");
    HashEmbedder ref = new HashEmbedder(64, 1000, 0);
    HashEmbedder inner = new HashEmbedder(64, 1000, 0);
    try (SqliteEmbeddingStore store = SqliteEmbeddingStore.open(db, ElementType.FLOAT32);
        StoreCachingEmbedder e = StoreCachingEmbedder.wrap(inner, store, 1 << 20)) {
      float[][] a = e.embed(List.of("a b", "c d", "a b"), Role.DOCUMENT);
      assertArrayEquals(ref.vector("a b"), a[0], 0f);
      assertArrayEquals(a[0], a[2], 0f);
      assertEquals(2, inner.usage().texts(), "the repeated text is embedded once");
      assertEquals(3, e.stats().misses());
      e.embed(List.of("a b"), Role.DOCUMENT);
      assertEquals(1, e.stats().memoryHits());
      e.embed(List.of("a b"), Role.QUERY);
      assertEquals(3, inner.usage().texts(), "roles are cached apart");
      assertEquals(3, e.storedVectors());
      assertEquals(e.usage(), inner.usage(), "usage forwards the delegate's");
      assertEquals(inner.fingerprint(), e.fingerprint());
      assertEquals(inner.fingerprint(), e.namespace().fingerprint());
    }
    // a new process: memory empty, the store answers
    HashEmbedder inner2 = new HashEmbedder(64, 1000, 0);
    try (SqliteEmbeddingStore store = SqliteEmbeddingStore.open(db, ElementType.FLOAT32);
        StoreCachingEmbedder e = StoreCachingEmbedder.wrap(inner2, store, 1 << 20)) {
      float[][] b = e.embed(List.of("c d", "new"), Role.DOCUMENT);
      assertArrayEquals(ref.vector("c d"), b[0], 0f);
      assertEquals(1, e.stats().storeHits());
      assertEquals(1, e.stats().misses());
      assertEquals(1, inner2.usage().texts());
    }
  }

  @Test
  void anotherFingerprintIsAnotherNamespaceEvenWithTheSameId() throws Exception {
    try (SqliteEmbeddingStore store = SqliteEmbeddingStore.open(dir.resolve("e.db"), ElementType.FLOAT32);
        StoreCachingEmbedder a = StoreCachingEmbedder.wrap(new HashEmbedder(64, 1000, 0), store, 0);
        StoreCachingEmbedder b = StoreCachingEmbedder.wrap(new HashEmbedder(64, 2, 0), store, 0)) {
      assertEquals(a.id(), b.id());
      float[] va = a.embed(List.of("one two three four"), Role.DOCUMENT)[0];
      float[] vb = b.embed(List.of("one two three four"), Role.DOCUMENT)[0];
      assertNotEquals(java.util.Arrays.toString(va), java.util.Arrays.toString(vb));
      assertEquals(1, b.stats().misses(), "b did not get a's vector");
      assertEquals(2, store.namespaces().size());
    }
  }

  @Test
  void float16StoreReturnsTheSameRoundedVectorOnMissAndHit() throws Exception {
    try (SqliteEmbeddingStore store = SqliteEmbeddingStore.open(dir.resolve("h.db"), ElementType.FLOAT16);
        StoreCachingEmbedder e = StoreCachingEmbedder.wrap(new HashEmbedder(64, 1000, 0), store, 0)) {
      float[] miss = e.embed(List.of("x y z"), Role.DOCUMENT)[0];
      float[] hit = e.embed(List.of("x y z"), Role.DOCUMENT)[0];
      assertArrayEquals(miss, hit, 0f);
      assertEquals(1, e.stats().storeHits(), "memory size 0: the second call reads the store");
      float[] exact = new HashEmbedder(64, 1000, 0).vector("x y z");
      for (int j = 0; j < 64; j++) {
        assertEquals(exact[j], hit[j], Math.abs(exact[j]) * 0x1p-11 + 1e-7);
      }
      assertTrue(e.fingerprint().endsWith(";stored=float16"));
    }
  }

  @Test
  void aCorruptRowIsNeverServedAndIsReEmbedded() throws Exception {
    Path db = dir.resolve("c.db");
    float[] good;
    try (SqliteEmbeddingStore store = SqliteEmbeddingStore.open(db, ElementType.FLOAT32);
        StoreCachingEmbedder e = StoreCachingEmbedder.wrap(new HashEmbedder(64, 1000, 0), store, 0)) {
      good = e.embed(List.of("flip me"), Role.DOCUMENT)[0];
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      // change one byte of the blob behind SQLite's back (a disk or software fault)
      s.executeUpdate("UPDATE vectors SET vector = (substr(vector, 1, 4) || X'7F' || substr(vector, 6))");
    }
    HashEmbedder inner = new HashEmbedder(64, 1000, 0);
    try (SqliteEmbeddingStore store = SqliteEmbeddingStore.open(db, ElementType.FLOAT32);
        StoreCachingEmbedder e = StoreCachingEmbedder.wrap(inner, store, 0)) {
      float[] again = e.embed(List.of("flip me"), Role.DOCUMENT)[0];
      assertArrayEquals(good, again, 0f, "the corrupt row was not served");
      assertEquals(1, e.stats().corruptRows());
      assertEquals(1, e.stats().misses());
      assertEquals(1, inner.usage().texts());
    }
  }

  @Test
  void manyThreadsShareOneEmbedder() throws Exception {
    HashEmbedder ref = new HashEmbedder(64, 1000, 0);
    try (SqliteEmbeddingStore store = SqliteEmbeddingStore.open(dir.resolve("t.db"), ElementType.FLOAT16);
        StoreCachingEmbedder e = StoreCachingEmbedder.wrap(new HashEmbedder(64, 1000, 0), store, 64 * 1024)) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<Integer>> fs = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int seed = t;
        fs.add(pool.submit(() -> {
          java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
          int bad = 0;
          for (int b = 0; b < 40; b++) {
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
              texts.add(StoreWriterMain.text(r.nextInt(500)));
            }
            float[][] v = e.embed(texts, Role.DOCUMENT);
            for (int i = 0; i < v.length; i++) {
              if (!java.util.Arrays.equals(store.asStored(ref.vector(texts.get(i))), v[i])) {
                bad++;
              }
            }
          }
          return bad;
        }));
      }
      for (Future<Integer> f : fs) {
        assertEquals(0, f.get());
      }
      pool.shutdown();
      StoreCachingEmbedder.Stats s = e.stats();
      assertEquals(8 * 40 * 25, s.hits() + s.misses());
      assertTrue(e.storedVectors() <= 500);
      assertTrue(s.memoryEvictions() > 0, "64 KB of memory holds fewer than 500 vectors: " + s);
      System.out.println("8 threads: " + s + ", stored " + e.storedVectors());
    }
  }

  @Test
  void importsTheModelsCacheFoldersSoNoVectorIsLost() throws Exception {
    Path cacheDir = dir.resolve("cache");
    HashEmbedder fp = new HashEmbedder(64, 1000, 0);
    Embedder noFp = new Embedder() {
      @Override
      public float[][] embed(List<String> texts, Role role) {
        float[][] v = new float[texts.size()][];
        for (int i = 0; i < v.length; i++) {
          v[i] = fp.vector(texts.get(i) + "!");
        }
        return v;
      }

      @Override
      public int dimension() {
        return 64;
      }

      @Override
      public String id() {
        return "plain";
      }
    };
    List<String> docs = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      docs.add(StoreWriterMain.text(i));
    }
    try (dev.embedlab.models.CachingEmbedder c = dev.embedlab.models.CachingEmbedder.wrap(new HashEmbedder(64, 1000, 0), cacheDir);
        dev.embedlab.models.CachingEmbedder p = dev.embedlab.models.CachingEmbedder.wrap(noFp, cacheDir)) {
      c.embed(docs.subList(0, 200), Role.DOCUMENT);
      c.embed(docs.subList(100, 300), Role.DOCUMENT); // a second shard, overlapping
      c.embed(docs.subList(0, 10), Role.QUERY);
      p.embed(docs.subList(0, 50), Role.DOCUMENT);
    }
    // a corrupt shard is skipped, not imported
    Path roleDir = Files.list(cacheDir).filter(d -> d.getFileName().toString().startsWith("hash")).findFirst()
        .orElseThrow().resolve("document");
    Files.write(roleDir.resolve("zzz-corrupt.emb"), new byte[] {0x45, 0x4C, 0x43, 0x53, 0, 0, 0, 2, 0, 0, 0, 64, 0, 0, 0, 0, 1, 2, 3, 4});
    try (SqliteEmbeddingStore store = SqliteEmbeddingStore.open(dir.resolve("i.db"), ElementType.FLOAT32)) {
      CacheShardImport.Result r = CacheShardImport.importFolder(cacheDir, store);
      assertEquals(2, r.namespaces());
      assertEquals(4, r.shards());
      assertEquals(1, r.skippedShards());
      assertEquals(200 + 100 + 10 + 50, r.vectors(), "the models cache writes only its misses: 100 of the second call");
      HashEmbedder inner = new HashEmbedder(64, 1000, 0);
      try (StoreCachingEmbedder e = StoreCachingEmbedder.wrap(inner, store, 0)) {
        float[][] v = e.embed(docs, Role.DOCUMENT);
        assertEquals(0, inner.usage().texts(), "all 300 documents come from the imported cache");
        assertArrayEquals(fp.vector(docs.get(299)), v[299], 0f);
        e.embed(docs.subList(0, 10), Role.QUERY);
        assertEquals(0, inner.usage().texts());
      }
      int[] calls = {0};
      Embedder counting = new Embedder() {
        @Override
        public float[][] embed(List<String> texts, Role role) {
          calls[0] += texts.size();
          return noFp.embed(texts, role);
        }

        @Override
        public int dimension() {
          return 64;
        }

        @Override
        public String id() {
          return "plain";
        }
      };
      assertTrue(Fingerprinted.fingerprintOf(counting).startsWith("unfingerprinted;"));
      try (StoreCachingEmbedder e = StoreCachingEmbedder.wrap(counting, store, 0)) {
        assertArrayEquals(fp.vector(docs.get(7) + "!"), e.embed(docs.subList(0, 50), Role.DOCUMENT)[7], 0f);
        assertEquals(0, calls[0], "the unfingerprinted model's cache is found under fingerprintOf's namespace");
      }
    }
  }

  @Test
  void refusesBadArguments() throws Exception {
    try (SqliteEmbeddingStore store = SqliteEmbeddingStore.open(dir.resolve("a.db"), ElementType.FLOAT32)) {
      SqliteEmbeddingStore.Namespace ns = store.namespace("x", 4);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.namespace("x", 5));
      assertTrue(e.getMessage().contains("dimension 4"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> store.putAll(ns, Role.DOCUMENT,
          List.of(TextHash.of("a")), List.of(new float[] {1, Float.NaN, 0, 0})));
      assertNull(store.getAll(ns, Role.DOCUMENT, List.of(TextHash.of("a")))[0], "nothing was stored");
      assertThrows(IllegalArgumentException.class, () -> SqliteEmbeddingStore.open(dir.resolve("no/such/dir/a.db"),
          ElementType.FLOAT32));
    }
  }
}

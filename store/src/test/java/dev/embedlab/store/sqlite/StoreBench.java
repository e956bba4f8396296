package dev.embedlab.store.sqlite;

import dev.embedlab.core.Embedder.Role;
import dev.embedlab.store.ElementType;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Measures the store at scale (not a unit test; run by hand): {@code insert <db> <n>} writes n
 * random 384-d float16 vectors under one namespace in batches of 10,000;
 * {@code open <db> <n>} (in a fresh JVM) times open + one lookup of a stored text and prints heap use.
 */
public final class StoreBench {
  private StoreBench() {}

  public static void main(String[] args) throws Exception {
    Path db = Path.of(args[1]);
    int n = Integer.parseInt(args[2]);
    String fp = "bench;dim=384";
    if (args[0].equals("insert")) {
      long t0 = System.nanoTime();
      SplittableRandom r = new SplittableRandom(1);
      try (SqliteEmbeddingStore s = SqliteEmbeddingStore.open(db, ElementType.FLOAT16)) {
        SqliteEmbeddingStore.Namespace ns = s.namespace(fp, 384);
        for (int from = 0; from < n; from += 10_000) {
          List<TextHash> keys = new ArrayList<>();
          List<float[]> vecs = new ArrayList<>();
          for (int i = from; i < Math.min(n, from + 10_000); i++) {
            keys.add(TextHash.of("text " + i));
            float[] v = new float[384];
            for (int j = 0; j < 384; j++) {
              v[j] = (float) (r.nextDouble() * 2 - 1) / 20;
            }
            vecs.add(v);
          }
          s.putAll(ns, Role.DOCUMENT, keys, vecs);
        }
      }
      System.out.printf("inserted %,d rows in %.1f s; file %,d bytes%n", n, (System.nanoTime() - t0) / 1e9,
          Files.size(db));
    } else {
      // load the native driver first (extracted and loaded once per JVM, whatever the store's size)
      long w0 = System.nanoTime();
      Path empty = Files.createTempFile("warm", ".db");
      SqliteEmbeddingStore.open(empty, ElementType.FLOAT16).close();
      System.out.printf("driver load + open of an empty store %.1f ms%n", (System.nanoTime() - w0) / 1e6);
      long t0 = System.nanoTime();
      try (SqliteEmbeddingStore s = SqliteEmbeddingStore.open(db, ElementType.FLOAT16)) {
        SqliteEmbeddingStore.Namespace ns = s.namespace(fp, 384);
        long t1 = System.nanoTime();
        float[][] v = s.getAll(ns, Role.DOCUMENT, List.of(TextHash.of("text " + (n / 2))));
        long t2 = System.nanoTime();
        float[][] miss = s.getAll(ns, Role.DOCUMENT, List.of(TextHash.of("not stored")));
        long t3 = System.nanoTime();
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf("open %.1f ms, first lookup (hit, %s) %.2f ms, lookup (miss, %s) %.2f ms; heap used after gc %,d KB"
            + " (max %,d MB)%n", (t1 - t0) / 1e6, v[0] != null ? "found" : "NOT FOUND", (t2 - t1) / 1e6,
            miss[0] == null ? "absent" : "?", (t3 - t2) / 1e6, heap >> 10, Runtime.getRuntime().maxMemory() >> 20);
      }
    }
  }
}

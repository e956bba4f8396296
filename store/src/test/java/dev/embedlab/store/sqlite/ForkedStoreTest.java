package dev.embedlab.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder.Role;
import dev.embedlab.store.ElementType;
import dev.embedlab.store.HashEmbedder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store shared by processes, and killed with SIGKILL while writing. */
class ForkedStoreTest {
  private static final int UNIVERSE = 20_000;
  @TempDir Path dir;

  private Process writer(Path db, long seed, int batches, String log) throws Exception {
    java.util.List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
        "-cp", System.getProperty("java.class.path"), StoreWriterMain.class.getName(), db.toString(), "FLOAT16",
        Long.toString(seed), Integer.toString(batches), "200", Integer.toString(UNIVERSE));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile()).start();
  }

  /**
   * Every row of the store is a universe text's vector, equal to a fresh embedding (float16-rounded),
   * with a valid checksum; returns the number of rows checked.
   */
  private static long verifyAll(Path db) throws Exception {
    HashEmbedder ref = new HashEmbedder(64, 1000, 0);
    Map<TextHash, Integer> universe = new HashMap<>();
    for (int i = 0; i < UNIVERSE; i++) {
      universe.put(TextHash.of(StoreWriterMain.text(i)), i);
    }
    long[] rows = {0};
    try (SqliteEmbeddingStore s = SqliteEmbeddingStore.open(db, ElementType.FLOAT16)) {
      assertEquals("ok", s.integrityCheck());
      SqliteEmbeddingStore.Namespace ns = s.namespace(ref.fingerprint(), 64);
      for (Role role : Role.values()) {
        s.forEach(ns, role, (h, v) -> {
          Integer i = universe.get(h);
          assertTrue(i != null, "row " + h + " is a universe text");
          assertTrue(v != null, "row of text " + i + " passes its checksum");
          assertArrayEquals(s.asStored(ref.vector(StoreWriterMain.text(i))), v, 0f, "text " + i);
          rows[0]++;
        });
      }
      assertEquals(0, s.corruptRows());
      assertEquals(rows[0], s.count(ns));
    }
    return rows[0];
  }

  /** Replays writer {@code seed}'s batches 0..last and checks every text of them is stored (nothing committed is lost). */
  private static void assertCommittedBatchesPresent(Path db, long seed, int last) throws Exception {
    SplittableRandom r = new SplittableRandom(seed);
    try (SqliteEmbeddingStore s = SqliteEmbeddingStore.open(db, ElementType.FLOAT16)) {
      SqliteEmbeddingStore.Namespace ns = s.namespace(new HashEmbedder(64, 1000, 0).fingerprint(), 64);
      for (int b = 0; b <= last; b++) {
        List<TextHash> hashes = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
          hashes.add(TextHash.of(StoreWriterMain.text(r.nextInt(UNIVERSE))));
        }
        Role role = r.nextBoolean() ? Role.DOCUMENT : Role.QUERY;
        float[][] got = s.getAll(ns, role, hashes);
        for (int i = 0; i < got.length; i++) {
          assertTrue(got[i] != null, "writer " + seed + " batch " + b + " (committed) text " + i + " is stored");
        }
      }
    }
  }

  private static String last(String log) {
    return log.lines().filter(l -> l.startsWith("done")).findFirst().orElse("(no done line)");
  }

  @Test
  void twoProcessesWriteAndReadTheSameStoreAtOnce() throws Exception {
    Path db = dir.resolve("shared.db");
    SqliteEmbeddingStore.open(db, ElementType.FLOAT16).close(); // schema first, so both start on an existing file
    Process a = writer(db, 1, 60, "a.log");
    Process b = writer(db, 2, 60, "b.log");
    assertTrue(a.waitFor(120, TimeUnit.SECONDS) && b.waitFor(120, TimeUnit.SECONDS));
    String la = Files.readString(dir.resolve("a.log"));
    String lb = Files.readString(dir.resolve("b.log"));
    assertEquals(0, a.exitValue(), la);
    assertEquals(0, b.exitValue(), lb);
    assertTrue(la.contains("done") && lb.contains("done"), la + lb);
    long rows = verifyAll(db);
    System.out.println("two processes: " + last(la) + " | " + last(lb) + " | rows " + rows);
    assertTrue(rows > 5000, "both wrote: " + rows);
  }

  @Test
  void twentyKillsAtRandomMomentsNeverLeaveACorruptOrWrongVector() throws Exception {
    Path db = dir.resolve("killed.db");
    SqliteEmbeddingStore.open(db, ElementType.FLOAT16).close();
    SplittableRandom r = new SplittableRandom(20261129L);
    long t0 = System.nanoTime();
    long[] rowsAfter = new long[20];
    long committedBatches = 0;
    for (int k = 0; k < 20; k++) {
      Process p = writer(db, 100 + k, 1_000_000, "k" + k + ".log");
      Path log = dir.resolve("k" + k + ".log");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!Files.readString(log).contains("started") && p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      // a random moment in the first ~0.6 s of writing (tens of 200-text batches)
      Thread.sleep(r.nextInt(600));
      assertTrue(p.isAlive(), "writer " + k + " still running when killed: "
          + Files.readString(dir.resolve("k" + k + ".log")));
      p.destroyForcibly();
      assertTrue(p.waitFor(10, TimeUnit.SECONDS));
      String text = Files.readString(log);
      assertTrue(!text.contains("MISMATCH"), "writer " + k + " saw a wrong vector: " + text);
      int lastCommitted = text.lines().filter(l -> l.startsWith("b ")).mapToInt(l -> Integer.parseInt(l.substring(2)))
          .max().orElse(-1);
      committedBatches += lastCommitted + 1;
      assertCommittedBatchesPresent(db, 100 + k, lastCommitted);
      try (SqliteEmbeddingStore s = SqliteEmbeddingStore.open(db, ElementType.FLOAT16)) {
        rowsAfter[k] = s.count(s.namespace(new HashEmbedder(64, 1000, 0).fingerprint(), 64));
      }
    }
    long rows = verifyAll(db);
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf("20 SIGKILLs in %.1f s; %d batches reported committed before the kills, all present;"
        + " rows after each kill %s; %d rows verified equal to fresh embeddings%n",
        secs, committedBatches, java.util.Arrays.toString(rowsAfter), rows);
    assertTrue(rowsAfter[19] > rowsAfter[0], "the writers made progress between kills");
  }
}

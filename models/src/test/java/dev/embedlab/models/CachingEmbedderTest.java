package dev.embedlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Fingerprinted;
import dev.embedlab.core.Embedder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CachingEmbedder} with a deterministic fake delegate (no model needed). */
class CachingEmbedderTest {

  /** Vector = (length, first char, role ordinal, fingerprint salt); counts what it embeds. */
  static class Fake implements Embedder, Fingerprinted {
    final String id;
    final String fp;
    final AtomicInteger embedded = new AtomicInteger();
    boolean closed;

    Fake(String id, String fp) {
      this.id = id;
      this.fp = fp;
    }

    @Override
    public float[][] embed(List<String> texts, Role role) {
      embedded.addAndGet(texts.size());
      float[][] out = new float[texts.size()][];
      for (int i = 0; i < out.length; i++) {
        String t = texts.get(i);
        out[i] = new float[] {t.length(), t.isEmpty() ? -1 : t.charAt(0), role.ordinal(), fp.length() + fp.charAt(fp.length() - 1)};
      }
      return out;
    }

    @Override
    public int dimension() {
      return 4;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public String fingerprint() {
      return fp;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void secondCallIsServedFromMemoryAndOtherInstancesFromDisk(@TempDir Path dir) {
    Fake a = new Fake("m", "sha-1");
    List<String> texts = List.of("alpha", "beta", "", "alpha", "gamma");
    float[][] first;
    try (CachingEmbedder c = CachingEmbedder.wrap(a, dir)) {
      first = c.embed(texts);
      assertEquals(4, a.embedded.get(), "duplicates embedded once");
      assertEquals(0, c.hits());
      assertEquals(5, c.misses());
      float[][] again = c.embed(texts);
      assertEquals(4, a.embedded.get());
      assertEquals(5, c.hits());
      for (int i = 0; i < texts.size(); i++) {
        assertArrayEquals(first[i], again[i]);
      }
      again[0][0] = 999; // caller mutation must not reach the cache
      assertEquals(5f, c.embed(List.of("alpha"))[0][0]);
    }
    assertTrue(a.closed, "wrapper owns the delegate");
    Fake b = new Fake("m", "sha-1");
    try (CachingEmbedder c = CachingEmbedder.wrap(b, dir)) {
      float[][] fromDisk = c.embed(texts);
      assertEquals(0, b.embedded.get());
      for (int i = 0; i < texts.size(); i++) {
        assertArrayEquals(first[i], fromDisk[i]);
      }
    }
  }

  @Test
  void rolesAndFingerprintsAreSeparateKeys(@TempDir Path dir) {
    Fake a = new Fake("same-id", "file-A");
    Fake b = new Fake("same-id", "file-B");
    try (CachingEmbedder ca = CachingEmbedder.wrap(a, dir);
        CachingEmbedder cb = CachingEmbedder.wrap(b, dir)) {
      float[] q = ca.embed(List.of("x"), Embedder.Role.QUERY)[0];
      float[] d = ca.embed(List.of("x"), Embedder.Role.DOCUMENT)[0];
      assertNotEquals(q[2], d[2]);
      float[] other = cb.embed(List.of("x"), Embedder.Role.DOCUMENT)[0];
      assertNotEquals(d[3], other[3], "same id, different model file: no collision");
      assertEquals(1, b.embedded.get());
      assertNotEquals(ca.namespaceDir(), cb.namespaceDir());
    }
  }

  @Test
  void manyShardsAreCompactedWithoutLoss(@TempDir Path dir) throws IOException {
    int n = CachingEmbedder.COMPACT_ABOVE + 7;
    try (CachingEmbedder c = CachingEmbedder.wrap(new Fake("m", "f"), dir)) {
      for (int i = 0; i < n; i++) {
        c.embed(List.of("text-" + i));
      }
    }
    Fake fresh = new Fake("m", "f");
    try (CachingEmbedder c = CachingEmbedder.wrap(fresh, dir)) {
      List<String> all = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        all.add("text-" + i);
      }
      c.embed(all);
      assertEquals(0, fresh.embedded.get());
      c.embed(List.of("new"));
      long shards;
      try (Stream<Path> s = Files.list(c.namespaceDir().resolve("document"))) {
        shards = s.filter(p -> p.toString().endsWith(".emb")).count();
      }
      // one shard per call, merged whenever a refresh sees more than COMPACT_ABOVE
      assertTrue(shards <= CachingEmbedder.COMPACT_ABOVE + 1 && shards < n + 1,
          "shards after compaction: " + shards);
    }
    Fake third = new Fake("m", "f");
    try (CachingEmbedder c = CachingEmbedder.wrap(third, dir)) {
      c.embed(List.of("text-0", "text-" + (n - 1), "new"));
      assertEquals(0, third.embedded.get());
    }
  }

  @Test
  void badInputAndLifecycle(@TempDir Path dir) {
    CachingEmbedder c = CachingEmbedder.wrap(new Fake("m", "f"), dir);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> c.embed(Arrays.asList("a", null)));
    assertTrue(e.getMessage().contains("texts[1]"));
    assertThrows(IllegalArgumentException.class, () -> CachingEmbedder.wrap(null, dir));
    c.close();
    c.close();
    assertEquals("m is closed",
        assertThrows(IllegalStateException.class, () -> c.embed(List.of("a"))).getMessage());
  }

  @Test
  void corruptShardIsSkipped(@TempDir Path dir) throws IOException {
    Fake a = new Fake("m", "f");
    try (CachingEmbedder c = CachingEmbedder.wrap(a, dir)) {
      Files.createDirectories(c.namespaceDir().resolve("document"));
      Files.write(c.namespaceDir().resolve("document").resolve("0000-bad.emb"), new byte[] {1, 2, 3});
      assertEquals(5f, c.embed(List.of("hello"))[0][0]);
      assertEquals(1, a.embedded.get());
    }
  }

  /** Issue 16: a model that returns fewer vectors than texts is a clear error, not a NullPointerException. */
  @Test
  void aDelegateReturningFewerVectorsThanTextsIsNamedWithTheCounts(@org.junit.jupiter.api.io.TempDir Path dir) {
    Fake shortChanging = new Fake("short-model", "f") {
      @Override
      public float[][] embed(List<String> texts, Role role) {
        float[][] all = super.embed(texts, role);
        return java.util.Arrays.copyOf(all, all.length - 1);
      }
    };
    try (CachingEmbedder c = CachingEmbedder.wrap(shortChanging, dir)) {
      IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
          () -> c.embed(List.of("a", "b", "c")));
      assertTrue(e.getMessage().contains("short-model returned 2 vectors for 3 texts"), e.getMessage());
      org.junit.jupiter.api.Assertions.assertArrayEquals(new float[0][], c.embed(List.of()), "nothing cached");
    }
  }
}

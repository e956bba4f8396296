package dev.embedlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.io.ChecksummedFile;
import dev.embedlab.models.CachingEmbedderTest.Fake;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 and the checksummed shard format: damaged shards and NaNs are never served, unknown
 * files are never deleted, stale temporary files are cleaned, a folder named like a shard is
 * skipped; version 1 shards (no checksum) are not served but deleted and recomputed (issue 16), and
 * a checksummed shard holding a vector the core finite/norm policy refuses (3e38) is not served.
 */
class CachingEmbedderShardsTest {

  private static Path docDir(CachingEmbedder c) {
    return c.namespaceDir().resolve("document");
  }

  private static List<Path> shards(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".emb") && Files.isRegularFile(p)).sorted().toList();
    }
  }

  private static byte[] sha(String text) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A version 1 shard exactly as the previous release wrote it: EMBC, 1, dim, count, records, no checksum. */
  private static byte[] legacyShard(List<String> texts, List<float[]> vectors) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(b);
    out.writeInt(0x454D4243);
    out.writeInt(1);
    out.writeInt(vectors.get(0).length);
    out.writeInt(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      out.write(sha(texts.get(i)));
      for (float f : vectors.get(i)) {
        out.writeFloat(f);
      }
    }
    out.flush();
    return b.toByteArray();
  }

  private static byte[] v2Shard(int version, List<String> texts, List<float[]> vectors) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    byte[][] keys = new byte[texts.size()][];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = sha(texts.get(i));
    }
    ChecksummedFile.write(b, ChecksummedFile.CACHE_SHARD_MAGIC, version, out -> {
      out.writeInt(vectors.get(0).length);
      out.writeInt(keys.length);
      for (int i = 0; i < keys.length; i++) {
        out.write(keys[i]);
        for (float f : vectors.get(i)) {
          out.writeFloat(f);
        }
      }
    });
    return b.toByteArray();
  }

  private static float[] truth(String text) {
    return new Fake("m", "f").embed(List.of(text), Role.DOCUMENT)[0];
  }

  @Test
  void writtenShardsAreChecksummedVersion2(@TempDir Path dir) throws IOException {
    try (CachingEmbedder c = CachingEmbedder.wrap(new Fake("m", "f"), dir)) {
      c.embed(List.of("hello", "world"));
      Path shard = shards(docDir(c)).get(0);
      ChecksummedFile.Header h = ChecksummedFile.readHeader(shard);
      assertEquals("ELCS", h.magicText());
      assertEquals(CachingEmbedder.VERSION, h.version());
      ChecksummedFile.verify(shard);
      assertEquals(8 + 8 + 2 * (32 + 4 * 4) + 4, Files.size(shard));
    }
  }

  @Test
  void aFlippedFloatByteIsNeverServedAndTheShardIsKept(@TempDir Path dir) throws IOException {
    Path shard;
    try (CachingEmbedder c = CachingEmbedder.wrap(new Fake("m", "f"), dir)) {
      c.embed(List.of("hello"));
      shard = shards(docDir(c)).get(0);
    }
    byte[] bytes = Files.readAllBytes(shard);
    bytes[8 + 8 + 32 + 2] ^= 0x01; // a low mantissa bit of the first float: still a plausible number
    Files.write(shard, bytes);
    Fake fresh = new Fake("m", "f");
    try (CachingEmbedder c = CachingEmbedder.wrap(fresh, dir)) {
      assertArrayEquals(truth("hello"), c.embed(List.of("hello"))[0]);
      assertEquals(1, fresh.embedded.get(), "recomputed, not served from the damaged shard");
      assertTrue(Files.exists(shard), "a damaged shard is left for a person to look at");
      c.embed(List.of("hello", "other"));
      assertEquals(2, fresh.embedded.get(), "the recomputed vector is cached anew");
    }
  }

  @Test
  void nanInAShardIsNeverServedEvenInTheUnchecksummedVersion1(@TempDir Path dir) throws Exception {
    Path role;
    try (CachingEmbedder c = CachingEmbedder.wrap(new Fake("m", "f"), dir)) {
      role = Files.createDirectories(docDir(c));
    }
    Path legacy = role.resolve("0000000000001-1-00000000.emb");
    Files.write(legacy, legacyShard(List.of("hello", "nan"), List.of(truth("hello"), new float[] {1, Float.NaN, 0, 0})));
    Path checked = role.resolve("0000000000002-1-00000000.emb");
    Files.write(checked, v2Shard(2, List.of("inf"), List.of(new float[] {Float.POSITIVE_INFINITY, 0, 0, 0})));
    Fake fresh = new Fake("m", "f");
    try (CachingEmbedder c = CachingEmbedder.wrap(fresh, dir)) {
      float[][] v = c.embed(List.of("nan", "inf", "hello"));
      assertEquals(3, fresh.embedded.get(), "no vector of a shard holding a non-finite value is served");
      assertArrayEquals(truth("nan"), v[0]);
      assertArrayEquals(truth("inf"), v[1]);
    }
    assertFalse(Files.exists(legacy), "a version 1 shard is deleted, not served");
    assertTrue(Files.exists(checked), "a damaged version 2 shard is left for a person to look at");
  }

  /** Issue 16: a valid CRC does not make 3e38 a vector; the core norm policy applies on read. */
  @Test
  void aChecksummedShardHolding3e38IsNotServed(@TempDir Path dir) throws Exception {
    Path role;
    try (CachingEmbedder c = CachingEmbedder.wrap(new Fake("m", "f"), dir)) {
      role = Files.createDirectories(docDir(c));
    }
    Path huge = role.resolve("0000000000001-1-00000000.emb");
    Files.write(huge, v2Shard(2, List.of("big", "hello"), List.of(new float[] {3e38f, 0, 0, 0}, truth("hello"))));
    ChecksummedFile.verify(huge);
    Fake fresh = new Fake("m", "f");
    try (CachingEmbedder c = CachingEmbedder.wrap(fresh, dir)) {
      float[][] v = c.embed(List.of("big", "hello"));
      assertEquals(2, fresh.embedded.get(), "no vector of the shard is served");
      assertArrayEquals(truth("big"), v[0]);
      assertArrayEquals(truth("hello"), v[1]);
    }
    assertTrue(Files.exists(huge), "left in place");
  }

  /**
   * Issue 16: a version 1 shard has no checksum, so a changed value in it cannot be detected; it is
   * not served (its texts are recomputed and cached as version 2) and it is deleted.
   */
  @Test
  void version1ShardsAreNotServedEvenWithAChangedValueAndAreReplaced(@TempDir Path dir) throws Exception {
    Path role;
    try (CachingEmbedder c = CachingEmbedder.wrap(new Fake("m", "f"), dir)) {
      role = Files.createDirectories(docDir(c));
    }
    float[] changed = truth("old text").clone();
    changed[0] = Math.nextUp(changed[0]); // a flipped low bit: still a plausible vector
    Path legacy = role.resolve("0000000000001-1-00000000.emb");
    Files.write(legacy, legacyShard(List.of("old text", "older"), List.of(changed, truth("older"))));
    Fake reader = new Fake("m", "f");
    try (CachingEmbedder c = CachingEmbedder.wrap(reader, dir)) {
      assertArrayEquals(truth("old text"), c.embed(List.of("old text"))[0], "the changed value is not served");
      assertEquals(1, reader.embedded.get());
      assertArrayEquals(truth("older"), c.embed(List.of("older"))[0]);
      assertEquals(2, reader.embedded.get(), "no record of a version 1 shard is trusted");
    }
    assertFalse(Files.exists(legacy), "deleted");
    for (Path p : shards(role)) {
      assertEquals(CachingEmbedder.VERSION, ChecksummedFile.readHeader(p).version(), p.toString());
    }
    Fake after = new Fake("m", "f");
    try (CachingEmbedder c = CachingEmbedder.wrap(after, dir)) {
      assertArrayEquals(truth("older"), c.embed(List.of("older"))[0]);
      assertEquals(0, after.embedded.get(), "served from the version 2 shard written instead");
    }
  }

  @Test
  void compactionNeverDeletesShardsItCouldNotRead(@TempDir Path dir) throws Exception {
    Path role;
    try (CachingEmbedder c = CachingEmbedder.wrap(new Fake("m", "f"), dir)) {
      role = Files.createDirectories(docDir(c));
    }
    Path newer = role.resolve("0000000000001-1-00000000.emb");
    Files.write(newer, v2Shard(3, List.of("from the future"), List.of(truth("from the future"))));
    Path otherKind = role.resolve("0000000000002-1-00000000.emb");
    Files.write(otherKind, new byte[] {'E', 'M', 'B', 'C', 0, 0, 0, 9, 1, 2, 3, 4});
    byte[] good = v2Shard(2, List.of("cut"), List.of(truth("cut")));
    Path truncated = role.resolve("0000000000003-1-00000000.emb");
    Files.write(truncated, java.util.Arrays.copyOf(good, good.length - 7));
    Path folder = Files.createDirectories(role.resolve("0000000000004-1-00000000.emb"));
    Fake f = new Fake("m", "f");
    try (CachingEmbedder c = CachingEmbedder.wrap(f, dir)) {
      for (int i = 0; i < 2 * CachingEmbedder.COMPACT_ABOVE + 3; i++) {
        c.embed(List.of("t-" + i)); // a folder named like a shard must not make calls throw
      }
      assertArrayEquals(truth("from the future"), c.embed(List.of("from the future"))[0]);
      assertArrayEquals(truth("cut"), c.embed(List.of("cut"))[0]);
    }
    for (Path p : List.of(newer, otherKind, truncated, folder)) {
      assertTrue(Files.exists(p), "never deleted: " + p);
    }
    assertTrue(shards(role).size() <= CachingEmbedder.COMPACT_ABOVE + 4, "compaction still ran: " + shards(role).size());
  }

  @Test
  void staleTemporaryFilesAreRemovedAtOpenLiveOnesKept(@TempDir Path dir) throws IOException {
    Path role;
    Path ns;
    try (CachingEmbedder c = CachingEmbedder.wrap(new Fake("m", "f"), dir)) {
      ns = c.namespaceDir();
      role = Files.createDirectories(docDir(c));
    }
    FileTime hourAgo = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
    Path killed = Files.write(role.resolve(".tmp-0000000000001-1-00000000.emb-abc"), new byte[] {1, 2, 3});
    Files.setLastModifiedTime(killed, hourAgo);
    Path killedKey = Files.write(ns.resolve(".tmp-key.txt-def"), new byte[] {1});
    Files.setLastModifiedTime(killedKey, hourAgo);
    Path beingWritten = Files.write(role.resolve(".tmp-0000000000002-1-00000000.emb-123"), new byte[] {1});
    Files.setLastModifiedTime(beingWritten, hourAgo);
    Path justStarted = Files.write(role.resolve(".tmp-0000000000003-1-00000000.emb-456"), new byte[] {1});
    try (FileChannel ch = FileChannel.open(beingWritten, StandardOpenOption.WRITE);
        FileLock lock = ch.lock();
        CachingEmbedder c = CachingEmbedder.wrap(new Fake("m", "f"), dir)) {
      assertFalse(Files.exists(killed), "unlocked and older than the open: a killed writer's");
      assertFalse(Files.exists(killedKey));
      assertTrue(Files.exists(beingWritten), "locked: a live writer's");
      assertTrue(Files.exists(justStarted), "newer than the open");
      c.embed(List.of("x"));
      assertEquals(1, shards(role).size(), "temporary files are never read as shards");
    }
  }

  @Test
  void aDelegateNanIsReturnedButNotCached(@TempDir Path dir) throws IOException {
    Fake nan = new Fake("m", "f") {
      @Override
      public float[][] embed(List<String> texts, Role role) {
        float[][] v = super.embed(texts, role);
        for (int i = 0; i < v.length; i++) {
          if (texts.get(i).equals("bad")) {
            v[i][0] = Float.NaN;
          }
        }
        return v;
      }
    };
    try (CachingEmbedder c = CachingEmbedder.wrap(nan, dir)) {
      float[][] v = c.embed(List.of("bad", "good"));
      assertTrue(Float.isNaN(v[0][0]));
      c.embed(List.of("bad", "good"));
      assertEquals(3, nan.embedded.get(), "good cached once, bad asked again");
      List<Path> written = new ArrayList<>(shards(docDir(c)));
      assertEquals(1, written.size());
    }
  }
}

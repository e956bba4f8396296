package dev.embedlab.store.sqlite;

import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.io.ChecksummedFile;
import dev.embedlab.core.io.CorruptFileException;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports the on-disk cache of {@code dev.embedlab.models.CachingEmbedder} into a
 * {@link SqliteEmbeddingStore}, so no user loses a cache when moving to the store.
 *
 * <p>Reads the documented layout: {@code cacheDir/<id>-<hash>/key.txt} ({@code id=}, {@code fingerprint=},
 * {@code dim=} lines) and {@code query/} and {@code document/} folders of {@code *.emb} shards —
 * version 2 ({@code 'ELCS'}, framed by {@link ChecksummedFile} with a CRC-32C footer, checked) and
 * version 1 ({@code 'EMBC'}, no checksum) — each {@code int dim, int count} then {@code count} records
 * of a 32-byte SHA-256 of the UTF-8 text and {@code dim} big-endian float32. The namespace is the
 * key's fingerprint, or for a model without one {@code unfingerprinted;id=<id>;dim=<dim>}, which is
 * what {@link dev.embedlab.core.Fingerprinted#fingerprintOf} gives the same model, so the imported
 * vectors are found by a {@link StoreCachingEmbedder} over it. Text hashes are the same SHA-256.
 * A shard that fails its checksum, has another dimension, an unknown version or a non-finite value
 * is skipped whole and counted; nothing is deleted. Importing twice is harmless (rows present are
 * kept).
 */
public final class CacheShardImport {
  private static final Logger LOG = LoggerFactory.getLogger(CacheShardImport.class);
  private static final int LEGACY_MAGIC = 0x454D4243;

  private CacheShardImport() {}

  /**
   * What an import did.
   *
   * @param namespaces namespace folders read
   * @param shards shards imported
   * @param vectors records written (duplicates across shards included)
   * @param skippedShards shards skipped (corrupt, another version or dimension), each logged
   */
  public record Result(int namespaces, int shards, long vectors, int skippedShards) {}

  /**
   * Imports every namespace folder under {@code cacheDir}.
   *
   * @throws IOException when the folder cannot be listed or a key.txt cannot be read
   */
  public static Result importFolder(Path cacheDir, SqliteEmbeddingStore store) throws IOException, SQLException {
    if (!Files.isDirectory(cacheDir)) {
      throw new IOException("expected a cache folder, found " + (Files.exists(cacheDir) ? "a file" : "nothing")
          + " at " + cacheDir);
    }
    List<Path> nsDirs;
    try (Stream<Path> s = Files.list(cacheDir)) {
      nsDirs = s.filter(p -> Files.isRegularFile(p.resolve("key.txt"))).sorted().toList();
    }
    int namespaces = 0;
    int shards = 0;
    int skipped = 0;
    long vectors = 0;
    for (Path nsDir : nsDirs) {
      String id = null;
      String fp = "";
      int dim = -1;
      for (String line : Files.readAllLines(nsDir.resolve("key.txt"), StandardCharsets.UTF_8)) {
        if (line.startsWith("id=")) {
          id = line.substring(3);
        } else if (line.startsWith("fingerprint=")) {
          fp = line.substring("fingerprint=".length());
        } else if (line.startsWith("dim=")) {
          dim = Integer.parseInt(line.substring(4).trim());
        }
      }
      if (id == null || dim < 1) {
        throw new IOException(nsDir.resolve("key.txt") + ": expected id= and dim= lines");
      }
      String namespace = fp.isEmpty() ? "unfingerprinted;id=" + id + ";dim=" + dim : fp;
      SqliteEmbeddingStore.Namespace ns = store.namespace(namespace, dim);
      namespaces++;
      for (Role role : Role.values()) {
        Path roleDir = nsDir.resolve(role.name().toLowerCase(Locale.ROOT));
        if (!Files.isDirectory(roleDir)) {
          continue;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(roleDir)) {
          files = s.filter(p -> p.getFileName().toString().endsWith(".emb")
              && !p.getFileName().toString().startsWith(".tmp-")).sorted().toList();
        }
        for (Path shard : files) {
          List<TextHash> keys = new ArrayList<>();
          List<float[]> vecs = new ArrayList<>();
          String problem = readShard(shard, dim, keys, vecs);
          if (problem != null) {
            LOG.warn("skipping cache shard {}: {}", shard, problem);
            skipped++;
            continue;
          }
          for (int from = 0; from < keys.size(); from += 10_000) {
            int to = Math.min(keys.size(), from + 10_000);
            store.putAll(ns, role, keys.subList(from, to), vecs.subList(from, to));
          }
          shards++;
          vectors += keys.size();
        }
      }
    }
    return new Result(namespaces, shards, vectors, skipped);
  }

  /** Reads one shard; returns null on success, else what is wrong. */
  private static String readShard(Path p, int dim, List<TextHash> keys, List<float[]> vecs) throws IOException {
    long size = Files.size(p);
    ChecksummedFile.Header h;
    try {
      h = ChecksummedFile.readHeader(p);
    } catch (CorruptFileException e) {
      return e.getMessage();
    }
    boolean legacy = h.magic() == LEGACY_MAGIC && h.version() == 1;
    if (!legacy && !(h.magic() == ChecksummedFile.CACHE_SHARD_MAGIC && h.version() == 2)) {
      return "expected magic ELCS version 2 or EMBC version 1, found " + h.magicText() + " version " + h.version();
    }
    if (!legacy) {
      try {
        ChecksummedFile.verify(p);
      } catch (CorruptFileException e) {
        return e.getMessage();
      }
    }
    try (DataInputStream in = ChecksummedFile.openPayload(p)) {
      int d = in.readInt();
      int count = in.readInt();
      if (d != dim) {
        return "expected vectors of dimension " + dim + " (key.txt), found " + d;
      }
      long expected = 16L + (long) count * (32 + 4L * dim) + (legacy ? 0 : ChecksummedFile.FOOTER_BYTES);
      if (count < 0 || size != expected) {
        return "header says " + count + " vectors, i.e. " + expected + " bytes; the file has " + size;
      }
      byte[] sha = new byte[32];
      for (int i = 0; i < count; i++) {
        in.readFully(sha);
        float[] v = new float[dim];
        for (int j = 0; j < dim; j++) {
          v[j] = in.readFloat();
        }
        try {
          dev.embedlab.core.VectorUtil.checkFinite(v, "record " + i);
        } catch (IllegalArgumentException e) {
          keys.clear();
          vecs.clear();
          return e.getMessage() + " (outside the library's vector policy; the store would refuse it)";
        }
        keys.add(TextHash.ofBytes(sha));
        vecs.add(v);
      }
    }
    return null;
  }
}

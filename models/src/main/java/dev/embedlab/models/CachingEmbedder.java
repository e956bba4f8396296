package dev.embedlab.models;

import dev.embedlab.core.Checks;
import dev.embedlab.core.Fingerprinted;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedders;
import dev.embedlab.core.ForwardingEmbedder;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.io.ChecksummedFile;
import dev.embedlab.core.io.CorruptFileException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link Embedder} that remembers vectors in memory and on disk, so the same texts are never
 * embedded twice by this or any other process sharing the folder.
 *
 * <p>Key: ({@code delegate.id()}, the delegate's {@link Fingerprinted#fingerprint()} when it has
 * one — for {@link OnnxEmbedder} the SHA-256 of the model and tokenizer files, pooling, normalisation,
 * maximum length and prefixes — the {@link Role}, SHA-256 of the UTF-8 text). Two model files that
 * share an id never collide. A preprocessing step belongs to the wrapper that applies it, which
 * should put its own id into the id of the embedder it wraps.
 *
 * <p>Layout: {@code cacheDir/<id>-<16 hex of sha256(id, fingerprint)>/<role>/*.emb}, plus a
 * {@code key.txt} naming the full key. Each {@code .emb} shard is immutable and holds the vectors
 * computed by one {@code embed} call, framed by {@link ChecksummedFile} (version 2): big-endian
 * {@code int magic 'ELCS', int version 2, int dim, int count}, then {@code count} records of
 * {@code 32-byte text SHA-256, dim float32}, then the CRC-32C of all preceding bytes. Version 1
 * shards ({@code 'EMBC'}, no checksum) are not served: a changed value in one cannot be detected,
 * and a silently wrong vector is worse than recomputing. They are deleted when found (one INFO line
 * per folder) and their texts embedded again, as version 2, when next asked for. A shard is written to a temporary file
 * ({@code .tmp-*}, locked while written) in the same folder and renamed atomically, so concurrent
 * processes see whole shards or nothing; temporary files left by killed writers (unlocked and
 * older than this instance) are deleted when an instance is created. On the first call for a role
 * every shard is read into memory (10,000 vectors of 384 dims: 15 MB, read in well under a
 * second); later calls only read shards added since. When a role folder holds more than
 * {@value #COMPACT_ABOVE} readable shards they are merged into one. Duplicate records (two
 * processes embedding the same text) are harmless: the vectors are equal.
 *
 * <p>What is never served: a shard whose checksum fails, whose size does not match its header, or
 * that holds a vector the core finite/norm policy refuses ({@link dev.embedlab.core.VectorUtil#checkFinite}:
 * a NaN or infinite component, or an L2 norm above 2^63 such as a component of 3e38, which a valid
 * checksum does not make a vector) is ignored as a whole, with one WARN, and left in place (a person
 * may want to look at it). A shard of an unknown (newer) version or of another dimension is ignored
 * the same way. Only shards this instance has read successfully are ever deleted (by compaction),
 * so files this version does not understand survive it. A {@code .emb} path that is a folder, or
 * unreadable, is skipped with a WARN. A shard that cannot be written (disk full) is a WARN too: the
 * vectors are still returned.
 *
 * <p>A delegate returning another number of vectors than texts, or a vector of another length, is
 * an {@link IllegalStateException} naming the delegate and the counts. Returned vectors are
 * copies. Calls are serialised per role. {@link #close()} closes the delegate.
 */
public final class CachingEmbedder implements ForwardingEmbedder {

  private static final Logger LOG = LoggerFactory.getLogger(CachingEmbedder.class);
  /** Magic of version 1 shards ({@code "EMBC"}, no checksum): read, never written. */
  private static final int LEGACY_MAGIC = 0x454D4243;
  private static final int LEGACY_VERSION = 1;
  /** The shard format this class writes. */
  static final int VERSION = 2;
  private static final int RECORD_KEY_BYTES = 32;
  /** Shard count per role above which shards are merged into one. */
  static final int COMPACT_ABOVE = 32;

  private final Embedder delegate;
  private final Path namespaceDir;
  private final Map<Role, RoleStore> stores = new EnumMap<>(Role.class);
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();

  private CachingEmbedder(Embedder delegate, Path cacheDir) {
    this.delegate = delegate;
    // Wrappers forward their delegate's fingerprint (a rule chain over a model carries the model
    // file's hash), so two models sharing an id never share a namespace.
    String fp = delegate instanceof Fingerprinted f ? f.fingerprint() : "";
    if (fp.isEmpty() || !Fingerprinted.isFingerprint(fp)) {
      org.slf4j.LoggerFactory.getLogger(CachingEmbedder.class).warn("{} has no fingerprint all the way down"
          + " (fingerprint: '{}'); the cache is keyed by its id and dimension only, so another model"
          + " with the same id would share its vectors", delegate.id(), fp);
    }
    String key = "id=" + delegate.id() + "\nfingerprint=" + fp + "\ndim=" + delegate.dimension();
    String hash = ModelFiles.sha256Hex(key).substring(0, 16);
    this.namespaceDir = cacheDir.resolve(safe(delegate.id()) + "-" + hash);
    long openedAt = System.currentTimeMillis();
    try {
      Files.createDirectories(namespaceDir);
      CacheFiles.removeStaleTemporaries(namespaceDir, openedAt);
      for (Role r : Role.values()) {
        CacheFiles.removeStaleTemporaries(namespaceDir.resolve(r.name().toLowerCase(Locale.ROOT)), openedAt);
      }
      Path keyFile = namespaceDir.resolve("key.txt");
      if (!Files.exists(keyFile)) {
        CacheFiles.writeAtomically(keyFile, out -> out.write((key + "\n").getBytes(StandardCharsets.UTF_8)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create cache folder " + namespaceDir, e);
    }
    for (Role r : Role.values()) {
      stores.put(r, new RoleStore(namespaceDir.resolve(r.name().toLowerCase(Locale.ROOT))));
    }
  }

  /**
   * Wraps {@code delegate} with a cache under {@code cacheDir} (created if absent). The wrapper owns
   * the delegate: closing it closes the delegate.
   */
  public static CachingEmbedder wrap(Embedder delegate, Path cacheDir) {
    Checks.notNull("delegate", delegate);
    Checks.notNull("cacheDir", cacheDir);
    return new CachingEmbedder(delegate, cacheDir);
  }

  @Override
  public float[][] embed(List<String> texts, Role role) {
    Embedders.checkTexts(texts, role);
    if (closed.get()) {
      throw new IllegalStateException(id() + " is closed");
    }
    return stores.get(role).embed(texts, role);
  }

  @Override
  public dev.embedlab.core.retrieval.Provenance provenance() {
    return dev.embedlab.core.retrieval.Provenance.of("cache", java.util.Map.of("namespace",
        namespaceDir.getFileName().toString()), dev.embedlab.core.retrieval.ProvenanceSource.provenanceOf(delegate));
  }

  /** The wrapped embedder. */
  @Override
  public Embedder delegate() {
    return delegate;
  }

  /** The folder holding this (id, fingerprint)'s shards. */
  public Path namespaceDir() {
    return namespaceDir;
  }

  /** Texts answered from the cache since creation. */
  public long hits() {
    return hits.get();
  }

  /** Texts that had to be embedded by the delegate since creation. */
  public long misses() {
    return misses.get();
  }

  /** Closes the delegate. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      delegate.close();
    }
  }

  // ------------------------------------------------------------------ store

  /** 256-bit SHA of a text as four longs: cheap equals/hashCode. */
  private record Sha(long a, long b, long c, long d) {
    static Sha of(byte[] h) {
      return new Sha(getLong(h, 0), getLong(h, 8), getLong(h, 16), getLong(h, 24));
    }

    static Sha ofText(MessageDigest md, String text) {
      return of(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static long getLong(byte[] h, int o) {
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (h[o + i] & 0xFF);
      }
      return v;
    }

    void write(DataOutputStream out) throws IOException {
      out.writeLong(a);
      out.writeLong(b);
      out.writeLong(c);
      out.writeLong(d);
    }

    static Sha read(DataInputStream in) throws IOException {
      return new Sha(in.readLong(), in.readLong(), in.readLong(), in.readLong());
    }
  }

  /** What reading one shard came to. */
  private enum ShardRead { LOADED, IGNORED, GONE }

  private final class RoleStore {
    private final Path dir;
    private final Map<Sha, float[]> memory = new HashMap<>();
    /** Shards read successfully: the only ones compaction may delete. */
    private final Set<String> loadedShards = new HashSet<>();
    /** Shards ignored (corrupt, unknown version, not a file...): warned about once, never deleted. */
    private final Set<String> ignoredShards = new HashSet<>();
    private boolean writeWarned;
    /** Version 1 shards deleted by the current {@link #refresh()}. */
    private int legacyDeleted;

    RoleStore(Path dir) {
      this.dir = dir;
    }

    synchronized float[][] embed(List<String> texts, Role role) {
      int n = texts.size();
      float[][] out = new float[n][];
      MessageDigest md = ModelFiles.sha256();
      Sha[] keys = new Sha[n];
      boolean anyMissing = false;
      for (int i = 0; i < n; i++) {
        keys[i] = Sha.ofText(md, texts.get(i));
        if (!memory.containsKey(keys[i])) {
          anyMissing = true;
        }
      }
      if (anyMissing) {
        refresh(); // pick up shards written by other processes since the last look
      }
      LinkedHashMap<Sha, String> todo = new LinkedHashMap<>();
      long hit = 0;
      for (int i = 0; i < n; i++) {
        float[] v = memory.get(keys[i]);
        if (v != null) {
          out[i] = v.clone();
          hit++;
        } else {
          todo.putIfAbsent(keys[i], texts.get(i));
        }
      }
      hits.addAndGet(hit);
      misses.addAndGet(n - hit);
      if (!todo.isEmpty()) {
        List<Sha> newKeys = new ArrayList<>(todo.keySet());
        float[][] fresh = delegate.embed(new ArrayList<>(todo.values()), role);
        if (fresh == null || fresh.length != newKeys.size()) {
          throw new IllegalStateException(delegate.id() + " returned " + (fresh == null ? "null" : fresh.length
              + " vectors") + " for " + newKeys.size() + " texts; expected one vector per text, in order");
        }
        int dim = delegate.dimension();
        Map<Sha, float[]> computed = new HashMap<>();
        List<Sha> cacheKeys = new ArrayList<>();
        List<float[]> cacheVectors = new ArrayList<>();
        for (int i = 0; i < fresh.length; i++) {
          if (fresh[i] == null || fresh[i].length != dim) {
            throw new IllegalStateException(delegate.id() + " returned a vector of length "
                + (fresh[i] == null ? "null" : fresh[i].length) + " for text " + i + " of " + fresh.length
                + " it was asked for; expected " + dim);
          }
          computed.put(newKeys.get(i), fresh[i]);
          if (refusal(fresh[i], "vector") == null) { // returned as computed but never cached
            memory.put(newKeys.get(i), fresh[i]);
            cacheKeys.add(newKeys.get(i));
            cacheVectors.add(fresh[i]);
          }
        }
        if (cacheKeys.size() < fresh.length) {
          LOG.warn("{} returned {} vectors with a NaN or infinite component or a norm above 2^63; they are"
              + " returned but not cached",
              delegate.id(), fresh.length - cacheKeys.size());
        }
        if (!cacheKeys.isEmpty()) {
          writeShard(cacheKeys, cacheVectors.toArray(new float[0][]), dim);
        }
        for (int i = 0; i < n; i++) {
          if (out[i] == null) {
            out[i] = computed.get(keys[i]).clone();
          }
        }
      }
      return out;
    }

    private void refresh() {
      if (!Files.isDirectory(dir)) {
        return;
      }
      List<Path> shards;
      try (Stream<Path> s = Files.list(dir)) {
        shards = s.filter(p -> p.getFileName().toString().endsWith(".emb")
            && !p.getFileName().toString().startsWith(".tmp-")).sorted().toList();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list cache folder " + dir, e);
      }
      List<Path> mergeable = new ArrayList<>();
      for (Path p : shards) {
        String name = p.getFileName().toString();
        if (ignoredShards.contains(name)) {
          continue;
        }
        if (!loadedShards.contains(name)) {
          switch (readShard(p)) {
            case LOADED -> loadedShards.add(name);
            case IGNORED -> ignoredShards.add(name);
            case GONE -> {
              continue;
            }
          }
        }
        if (loadedShards.contains(name)) {
          mergeable.add(p);
        }
      }
      if (legacyDeleted > 0) {
        LOG.info("deleted {} version 1 cache shard(s) in {}: they carry no checksum, so a changed value could"
            + " not be detected; their texts are embedded again when next asked for", legacyDeleted, dir);
        legacyDeleted = 0;
      }
      if (mergeable.size() > COMPACT_ABOVE) {
        compact(mergeable);
      }
    }

    /** Reads one shard into memory, all or nothing. */
    private ShardRead readShard(Path p) {
      if (!Files.isRegularFile(p)) {
        if (!Files.exists(p)) {
          return ShardRead.GONE;
        }
        LOG.warn("skipping cache shard {}: expected a file, found {}", p,
            Files.isDirectory(p) ? "a folder" : "something that is not a regular file");
        return ShardRead.IGNORED;
      }
      try {
        long size = Files.size(p);
        ChecksummedFile.Header h;
        try {
          h = ChecksummedFile.readHeader(p);
        } catch (CorruptFileException e) {
          LOG.warn("skipping cache shard (left in place): {}", e.getMessage());
          return ShardRead.IGNORED;
        }
        if (h.magic() == LEGACY_MAGIC && h.version() == LEGACY_VERSION) {
          Files.deleteIfExists(p);
          legacyDeleted++;
          return ShardRead.GONE;
        }
        if (!(h.magic() == ChecksummedFile.CACHE_SHARD_MAGIC && h.version() == VERSION)) {
          LOG.warn("skipping cache shard {} (left in place): expected magic {} version {} (or {} version {}),"
              + " found magic {} version {} — written by another version of embedlab?", p,
              ChecksummedFile.magicText(ChecksummedFile.CACHE_SHARD_MAGIC), VERSION,
              ChecksummedFile.magicText(LEGACY_MAGIC), LEGACY_VERSION, h.magicText(), h.version());
          return ShardRead.IGNORED;
        }
        try {
          ChecksummedFile.verify(p);
        } catch (CorruptFileException e) {
          LOG.warn("skipping corrupt cache shard (left in place): {}", e.getMessage());
          return ShardRead.IGNORED;
        }
        if (size < 16) {
          LOG.warn("skipping cache shard {} (left in place): expected at least 16 bytes (magic, version, dim,"
              + " count), found {}", p, size);
          return ShardRead.IGNORED;
        }
        try (DataInputStream in = ChecksummedFile.openPayload(p)) {
          int dim = in.readInt();
          int count = in.readInt();
          if (dim != delegate.dimension()) {
            LOG.warn("skipping cache shard {} (left in place): expected vectors of dimension {}, found {}",
                p, delegate.dimension(), dim);
            return ShardRead.IGNORED;
          }
          long expected = 16L + (long) count * (RECORD_KEY_BYTES + 4L * dim)
              + ChecksummedFile.FOOTER_BYTES;
          if (count < 0 || size != expected) {
            LOG.warn("skipping cache shard {} (left in place): header says {} vectors of dimension {}, i.e. {} bytes;"
                + " the file has {} bytes (cut off?)", p, count, dim, expected, size);
            return ShardRead.IGNORED;
          }
          Map<Sha, float[]> read = new HashMap<>(Math.max(16, count * 2));
          for (int i = 0; i < count; i++) {
            Sha k = Sha.read(in);
            float[] v = new float[dim];
            for (int j = 0; j < dim; j++) {
              v[j] = in.readFloat();
            }
            String refused = refusal(v, "record " + i);
            if (refused != null) {
              LOG.warn("skipping cache shard {} (left in place): {}; no vector of this shard is served", p, refused);
              return ShardRead.IGNORED;
            }
            read.putIfAbsent(k, v);
          }
          read.forEach(memory::putIfAbsent);
          return ShardRead.LOADED;
        }
      } catch (NoSuchFileException e) {
        return ShardRead.GONE; // merged away by another process; its records live in the merged shard
      } catch (IOException e) {
        LOG.warn("skipping cache shard {}: cannot read it ({})", p, e.toString());
        return ShardRead.IGNORED;
      }
    }

    private void writeShard(List<Sha> keys, float[][] vectors, int dim) {
      String name = String.format(Locale.ROOT, "%013d-%d-%08x.emb", System.currentTimeMillis(),
          ProcessHandle.current().pid(), ThreadLocalRandom.current().nextInt());
      try {
        Files.createDirectories(dir);
        CacheFiles.writeAtomically(dir.resolve(name), raw -> ChecksummedFile.write(raw,
            ChecksummedFile.CACHE_SHARD_MAGIC, VERSION, out -> {
              out.writeInt(dim);
              out.writeInt(keys.size());
              for (int i = 0; i < keys.size(); i++) {
                keys.get(i).write(out);
                for (float f : vectors[i]) {
                  out.writeFloat(f);
                }
              }
            }));
        loadedShards.add(name);
      } catch (IOException e) {
        if (!writeWarned) {
          writeWarned = true;
          LOG.warn("cannot write cache shard {}; vectors are returned but not cached on disk: {}",
              dir.resolve(name), e.toString());
        }
      }
    }

    private void compact(List<Path> shards) {
      List<Sha> keys = new ArrayList<>(memory.keySet());
      float[][] vectors = new float[keys.size()][];
      for (int i = 0; i < vectors.length; i++) {
        vectors[i] = memory.get(keys.get(i));
      }
      int before = loadedShards.size();
      writeShard(keys, vectors, delegate.dimension());
      if (loadedShards.size() == before) {
        return; // the merged shard was not written: keep the parts
      }
      for (Path p : shards) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          LOG.warn("cannot delete merged cache shard {}: {}", p, e.toString());
        }
        loadedShards.remove(p.getFileName().toString());
      }
    }
  }

  /** Why the core finite/norm policy refuses {@code v}, or null when it admits it. */
  private static String refusal(float[] v, String name) {
    try {
      VectorUtil.checkFinite(v, name);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private static String safe(String id) {
    String s = id.replaceAll("[^A-Za-z0-9._-]", "_");
    return s.length() > 64 ? s.substring(0, 64) : s;
  }
}

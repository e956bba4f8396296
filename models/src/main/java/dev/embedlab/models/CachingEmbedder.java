package dev.embedlab.models;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedders;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * computed by one {@code embed} call: big-endian {@code int magic 'EMBC', int version 1, int dim,
 * int count}, then {@code count} records of {@code 32-byte text SHA-256, dim float32}. A shard is
 * written to a temporary file in the same folder and renamed atomically, so concurrent processes
 * see whole shards or nothing. On the first call for a role every shard is read into memory
 * (10,000 vectors of 384 dims: 15 MB, read in well under a second); later calls only read shards
 * added since. When a role folder holds more than {@value #COMPACT_ABOVE} shards they are merged
 * into one. Duplicate records (two processes embedding the same text) are harmless: the vectors
 * are equal.
 *
 * <p>Returned vectors are copies. Calls are serialised per role. {@link #close()} closes the delegate.
 */
public final class CachingEmbedder implements Embedder, Fingerprinted {

  private static final Logger LOG = LoggerFactory.getLogger(CachingEmbedder.class);
  private static final int MAGIC = 0x454D4243; // "EMBC"
  private static final int VERSION = 1;
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
    String fp = delegate instanceof Fingerprinted f ? f.fingerprint() : "";
    String key = "id=" + delegate.id() + "\nfingerprint=" + fp + "\ndim=" + delegate.dimension();
    String hash = OnnxEmbedder.sha256Hex(key).substring(0, 16);
    this.namespaceDir = cacheDir.resolve(safe(delegate.id()) + "-" + hash);
    try {
      Files.createDirectories(namespaceDir);
      Path keyFile = namespaceDir.resolve("key.txt");
      if (!Files.exists(keyFile)) {
        writeAtomically(keyFile, out -> out.write((key + "\n").getBytes(StandardCharsets.UTF_8)));
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
    if (delegate == null) {
      throw new IllegalArgumentException("delegate must not be null");
    }
    if (cacheDir == null) {
      throw new IllegalArgumentException("cacheDir must not be null");
    }
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
  public int dimension() {
    return delegate.dimension();
  }

  /** The delegate's id: the cache does not change vectors. */
  @Override
  public String id() {
    return delegate.id();
  }

  @Override
  public String fingerprint() {
    return delegate instanceof Fingerprinted f ? f.fingerprint() : "id=" + delegate.id();
  }

  /** The wrapped embedder. */
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

  private final class RoleStore {
    private final Path dir;
    private final Map<Sha, float[]> memory = new HashMap<>();
    private final Set<String> loadedShards = new HashSet<>();

    RoleStore(Path dir) {
      this.dir = dir;
    }

    synchronized float[][] embed(List<String> texts, Role role) {
      int n = texts.size();
      float[][] out = new float[n][];
      MessageDigest md = OnnxEmbedder.sha256();
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
        int dim = delegate.dimension();
        for (int i = 0; i < fresh.length; i++) {
          if (fresh[i] == null || fresh[i].length != dim) {
            throw new IllegalStateException(delegate.id() + " returned a vector of length "
                + (fresh[i] == null ? "null" : fresh[i].length) + "; expected " + dim);
          }
          memory.put(newKeys.get(i), fresh[i]);
        }
        writeShard(newKeys, fresh, dim);
        for (int i = 0; i < n; i++) {
          if (out[i] == null) {
            out[i] = memory.get(keys[i]).clone();
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
        shards = s.filter(p -> p.getFileName().toString().endsWith(".emb")).sorted().toList();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list cache folder " + dir, e);
      }
      for (Path p : shards) {
        String name = p.getFileName().toString();
        if (!loadedShards.contains(name)) {
          readShard(p);
          loadedShards.add(name);
        }
      }
      if (shards.size() > COMPACT_ABOVE) {
        compact(shards);
      }
    }

    private void readShard(Path p) {
      try (DataInputStream in = new DataInputStream(
          new BufferedInputStream(Files.newInputStream(p), 1 << 16))) {
        int magic = in.readInt();
        int version = in.readInt();
        int dim = in.readInt();
        int count = in.readInt();
        if (magic != MAGIC || version != VERSION || dim != delegate.dimension() || count < 0) {
          LOG.warn("skipping cache shard {}: expected magic EMBC v{} dim {}, found magic {} v{} dim {}",
              p, VERSION, delegate.dimension(), Integer.toHexString(magic), version, dim);
          return;
        }
        for (int i = 0; i < count; i++) {
          Sha k = Sha.read(in);
          float[] v = new float[dim];
          for (int j = 0; j < dim; j++) {
            v[j] = in.readFloat();
          }
          memory.putIfAbsent(k, v);
        }
      } catch (NoSuchFileException e) {
        // merged away by another process; its records live in the merged shard
      } catch (EOFException e) {
        LOG.warn("skipping truncated cache shard {}", p);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read cache shard " + p, e);
      }
    }

    private void writeShard(List<Sha> keys, float[][] vectors, int dim) {
      String name = String.format(Locale.ROOT, "%013d-%d-%08x.emb", System.currentTimeMillis(),
          ProcessHandle.current().pid(), ThreadLocalRandom.current().nextInt());
      try {
        Files.createDirectories(dir);
        writeAtomically(dir.resolve(name), raw -> {
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
          out.writeInt(MAGIC);
          out.writeInt(VERSION);
          out.writeInt(dim);
          out.writeInt(keys.size());
          for (int i = 0; i < keys.size(); i++) {
            keys.get(i).write(out);
            for (float f : vectors[i]) {
              out.writeFloat(f);
            }
          }
          out.flush();
        });
        loadedShards.add(name);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write cache shard " + dir.resolve(name), e);
      }
    }

    private void compact(List<Path> shards) {
      List<Sha> keys = new ArrayList<>(memory.keySet());
      float[][] vectors = new float[keys.size()][];
      for (int i = 0; i < vectors.length; i++) {
        vectors[i] = memory.get(keys.get(i));
      }
      writeShard(keys, vectors, delegate.dimension());
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

  private interface Writer {
    void write(java.io.OutputStream out) throws IOException;
  }

  private static void writeAtomically(Path target, Writer w) throws IOException {
    Path tmp = target.resolveSibling(".tmp-" + target.getFileName() + "-"
        + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try {
      try (java.io.OutputStream out = Files.newOutputStream(tmp)) {
        w.write(out);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static String safe(String id) {
    String s = id.replaceAll("[^A-Za-z0-9._-]", "_");
    return s.length() > 64 ? s.substring(0, 64) : s;
  }
}

package dev.embedlab.store.sqlite;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.embedlab.core.Checks;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedders;
import dev.embedlab.core.Fingerprinted;
import dev.embedlab.core.ForwardingEmbedder;
import dev.embedlab.core.UsageReporting;
import dev.embedlab.core.retrieval.Provenance;
import dev.embedlab.core.retrieval.ProvenanceSource;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link Embedder} that remembers vectors in a {@link SqliteEmbeddingStore} behind a bounded
 * in-memory layer (Caffeine, bounded by bytes), for services: a text is looked up in memory, then in
 * the store, and only what neither holds is embedded by the delegate — once per distinct text in a
 * call — then written to the store in one transaction.
 *
 * <p>Key: (namespace = the delegate's full {@link Fingerprinted#fingerprintOf fingerprint}, role,
 * SHA-256 of the text). Two models sharing an id never share vectors; a wrapper below this one
 * (rules, adapter) is part of the fingerprint. When the fingerprint is not a real one (an embedder
 * without {@link Fingerprinted} somewhere in the stack) a WARN says the cache is keyed by id and
 * dimension only.
 *
 * <p>The vector returned for a miss is the one a later hit will return: in a float16 store both are
 * the float16-rounded vector, so answers never depend on whether the cache was warm. A vector with a
 * NaN or infinite component is returned as computed and never stored. If the store cannot be read or
 * written (disk full, locked past the busy timeout) the delegate's vectors are still returned and a
 * WARN is logged once; the embedder keeps working without its cache.
 *
 * <p>Forwards {@link Fingerprinted}, {@link UsageReporting} (the delegate's work, i.e. misses) and
 * {@link ProvenanceSource} of the delegate. Thread-safe. {@link #close()} closes the delegate, and the
 * store too when this embedder was built owning it.
 */
public final class StoreCachingEmbedder implements ForwardingEmbedder {
  private static final Logger LOG = LoggerFactory.getLogger(StoreCachingEmbedder.class);

  private record Key(Role role, TextHash hash) {}

  /**
   * Counters.
   *
   * @param memoryHits texts answered from memory
   * @param storeHits texts answered from the SQLite store
   * @param misses texts the delegate embedded
   * @param memoryEntries vectors held in memory now (Caffeine's estimate)
   * @param memoryEvictions vectors evicted from memory
   * @param corruptRows store rows that failed their checksum (re-embedded, not served)
   */
  public record Stats(long memoryHits, long storeHits, long misses, long memoryEntries, long memoryEvictions,
      long corruptRows) {
    /** memory + store hits. */
    public long hits() {
      return memoryHits + storeHits;
    }

    /** hits / (hits + misses), or 0 before any call. */
    public double hitRate() {
      long n = hits() + misses;
      return n == 0 ? 0 : (double) hits() / n;
    }
  }

  private final Embedder delegate;
  private final SqliteEmbeddingStore store;
  private final boolean ownsStore;
  private final SqliteEmbeddingStore.Namespace ns;
  private final Cache<Key, float[]> memory;
  private final AtomicLong memoryHits = new AtomicLong();
  private final AtomicLong storeHits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();
  private final AtomicBoolean storeWarned = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  private StoreCachingEmbedder(Embedder delegate, SqliteEmbeddingStore store, boolean ownsStore, long memoryBytes)
      throws SQLException {
    this.delegate = delegate;
    this.store = store;
    this.ownsStore = ownsStore;
    String fp = Fingerprinted.fingerprintOf(delegate);
    if (!Fingerprinted.isFingerprint(fp)) {
      LOG.warn("{} has no fingerprint all the way down ('{}'); the store is keyed by its id and dimension only,"
          + " so another model with the same id would share its vectors", delegate.id(), fp);
    }
    this.ns = store.namespace(fp, delegate.dimension());
    this.memory = Caffeine.newBuilder().maximumWeight(memoryBytes)
        .weigher((Key k, float[] v) -> 96 + 4 * v.length)
        .executor(Runnable::run) // evict on the calling thread: no hidden use of the common pool
        .recordStats().build();
  }

  /**
   * Wraps {@code delegate} with {@code store} (not owned: the caller closes it) and an in-memory
   * layer of at most {@code memoryBytes} bytes of vectors (approximate, 4 bytes a component plus
   * ~96 bytes of key and entry).
   *
   * @throws SQLException when the namespace cannot be read or created
   */
  public static StoreCachingEmbedder wrap(Embedder delegate, SqliteEmbeddingStore store, long memoryBytes)
      throws SQLException {
    return create(delegate, store, false, memoryBytes);
  }

  /** As {@link #wrap}, owning the store: {@link #close()} closes it too. */
  public static StoreCachingEmbedder wrapOwning(Embedder delegate, SqliteEmbeddingStore store, long memoryBytes)
      throws SQLException {
    return create(delegate, store, true, memoryBytes);
  }

  private static StoreCachingEmbedder create(Embedder delegate, SqliteEmbeddingStore store, boolean owns,
      long memoryBytes) throws SQLException {
    if (delegate == null || store == null) {
      throw new IllegalArgumentException("delegate and store must not be null");
    }
    Checks.atLeast("memoryBytes", memoryBytes, 0);
    return new StoreCachingEmbedder(delegate, store, owns, memoryBytes);
  }

  @Override
  public float[][] embed(List<String> texts, Role role) {
    Embedders.checkTexts(texts, role);
    if (closed.get()) {
      throw new IllegalStateException(id() + " is closed");
    }
    int n = texts.size();
    float[][] out = new float[n][];
    Key[] keys = new Key[n];
    List<Integer> notInMemory = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      keys[i] = new Key(role, TextHash.of(texts.get(i)));
      float[] v = memory.getIfPresent(keys[i]);
      if (v != null) {
        out[i] = v.clone();
      } else {
        notInMemory.add(i);
      }
    }
    memoryHits.addAndGet(n - notInMemory.size());
    if (notInMemory.isEmpty()) {
      return out;
    }
    // distinct missing texts, in first-seen order
    LinkedHashMap<TextHash, String> wanted = new LinkedHashMap<>();
    for (int i : notInMemory) {
      wanted.putIfAbsent(keys[i].hash(), texts.get(i));
    }
    List<TextHash> hashes = new ArrayList<>(wanted.keySet());
    float[][] stored = new float[hashes.size()][];
    try {
      stored = store.getAll(ns, role, hashes);
    } catch (SQLException | RuntimeException e) {
      warnStore("read", e);
    }
    Map<TextHash, float[]> found = new java.util.HashMap<>();
    List<TextHash> todo = new ArrayList<>();
    List<String> todoTexts = new ArrayList<>();
    for (int j = 0; j < hashes.size(); j++) {
      if (stored[j] != null) {
        found.put(hashes.get(j), stored[j]);
        memory.put(new Key(role, hashes.get(j)), stored[j]);
      } else {
        todo.add(hashes.get(j));
        todoTexts.add(wanted.get(hashes.get(j)));
      }
    }
    if (!todo.isEmpty()) {
      float[][] fresh = delegate.embed(todoTexts, role);
      if (fresh == null || fresh.length != todo.size()) {
        throw new IllegalStateException(delegate.id() + " returned " + (fresh == null ? "null" : fresh.length
            + " vectors") + " for " + todo.size() + " texts");
      }
      List<TextHash> putKeys = new ArrayList<>();
      List<float[]> putVectors = new ArrayList<>();
      for (int j = 0; j < fresh.length; j++) {
        float[] v = fresh[j];
        if (v == null || v.length != ns.dim()) {
          throw new IllegalStateException(delegate.id() + " returned a vector of length "
              + (v == null ? "null" : v.length) + "; expected " + ns.dim());
        }
        if (finite(v)) {
          float[] asStored = store.asStored(v);
          found.put(todo.get(j), asStored);
          putKeys.add(todo.get(j));
          putVectors.add(v);
        } else {
          found.put(todo.get(j), v.clone()); // returned as computed, never stored
        }
      }
      if (putKeys.size() < fresh.length) {
        LOG.warn("{} returned {} vectors with a NaN or infinite component or an L2 norm above 2^63; they are returned"
            + " but not stored",
            delegate.id(), fresh.length - putKeys.size());
      }
      if (!putKeys.isEmpty()) {
        try {
          store.putAll(ns, role, putKeys, putVectors);
        } catch (SQLException | RuntimeException e) {
          warnStore("write", e);
        }
        for (TextHash h : putKeys) {
          memory.put(new Key(role, h), found.get(h));
        }
      }
    }
    long fromStore = 0;
    long missed = 0;
    java.util.Set<TextHash> todoSet = new java.util.HashSet<>(todo);
    for (int i : notInMemory) {
      out[i] = found.get(keys[i].hash()).clone();
      if (todoSet.contains(keys[i].hash())) {
        missed++;
      } else {
        fromStore++;
      }
    }
    storeHits.addAndGet(fromStore);
    misses.addAndGet(missed);
    return out;
  }

  private void warnStore(String what, Exception e) {
    if (storeWarned.compareAndSet(false, true)) {
      LOG.warn("cannot {} the embedding store {}; vectors are computed and returned without it: {}", what,
          store.file(), e.toString());
    }
  }

  /** The library's vector policy ({@link dev.embedlab.core.VectorUtil#checkFinite}): only such vectors are stored. */
  private static boolean finite(float[] v) {
    try {
      dev.embedlab.core.VectorUtil.checkFinite(v, "vector");
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Hit, miss and size counters since creation. */
  public Stats stats() {
    return new Stats(memoryHits.get(), storeHits.get(), misses.get(), memory.estimatedSize(),
        memory.stats().evictionCount(), store.corruptRows());
  }

  /** Vectors of this embedder's namespace in the store (both roles); counts rows. */
  public long storedVectors() throws SQLException {
    return store.count(ns);
  }

  /** The namespace (full fingerprint) this embedder's vectors live under. */
  public SqliteEmbeddingStore.Namespace namespace() {
    return ns;
  }

  /** The wrapped embedder. */
  @Override
  public Embedder delegate() {
    return delegate;
  }

  /**
   * The delegate's fingerprint; in a float16 store with a suffix, since returned vectors are rounded.
   */
  @Override
  public String fingerprint() {
    String fp = Fingerprinted.fingerprintOf(delegate);
    return store.elementType() == dev.embedlab.store.ElementType.FLOAT16 ? fp + ";stored=float16" : fp;
  }

  @Override
  public Provenance provenance() {
    return Provenance.of("sqlite-cache", Map.of("store", store.file().getFileName(), "elementType",
        store.elementType(), "namespace", ns.id()), ProvenanceSource.provenanceOf(delegate));
  }

  /** Closes the delegate (and the store when owned). Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        delegate.close();
      } finally {
        if (ownsStore) {
          store.close();
        }
      }
    }
  }
}

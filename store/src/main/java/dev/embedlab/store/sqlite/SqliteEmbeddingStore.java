package dev.embedlab.store.sqlite;

import dev.embedlab.core.Checks;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.store.ElementType;
import dev.embedlab.core.Float16;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * Embeddings in one SQLite file, shared safely by many threads and processes.
 *
 * <p>Schema (format version 1, in table {@code meta}): {@code namespaces(id, fingerprint UNIQUE, dim)}
 * — a namespace is the <em>full</em> fingerprint of the embedder that made the vectors
 * ({@link dev.embedlab.core.Fingerprinted#fingerprintOf}, through every wrapper) — and
 * {@code vectors(ns, role, text_hash, element_type, vector, crc)} with one row per
 * (namespace, role, SHA-256 of the UTF-8 text), {@code UNIQUE(ns, role, text_hash)}. The vector is a
 * little-endian float32 or float16 blob; {@code crc} is the CRC-32C of role, hash, element type and
 * blob, checked on every read: a row that fails it is never served (it reads as a miss, is counted in
 * {@link #corruptRows()} and logged once per row).
 *
 * <p>Durability: WAL journal, {@code synchronous=NORMAL} (or {@code FULL} when asked): a committed
 * batch survives the process being killed at any moment, including SIGKILL; a batch in flight is
 * rolled back by SQLite on the next open. {@code NORMAL} may lose the last commits on power loss or
 * an OS crash, never consistency; choose {@code FULL} to keep them at the cost of an fsync per batch.
 * Writers take the write lock at {@code BEGIN IMMEDIATE} and wait up to the busy timeout for another
 * process; readers never block writers. Opening reads no rows, so a store of a million vectors opens
 * in milliseconds and the heap holds only what callers ask for.
 *
 * <p><b>Ours only.</b> The file is stamped with {@code PRAGMA application_id} {@link #APPLICATION_ID}
 * ({@code "ELES"}); {@link #open} refuses a database with another id or tables other than the store's
 * rather than adding its tables to someone else's {@code app.db} (a format-1 store written before the
 * stamp is stamped). A {@link Namespace} handle belongs to the store that issued it: one whose row id
 * means another fingerprint here is refused. {@link #putAll} refuses vectors outside the library's
 * policy ({@link VectorUtil#checkFinite}: finite, L2 norm at most 2^63) naming index and component; a
 * stored row outside it is never served, like one failing its checksum. SQLite's errors
 * ({@code SQLITE_CORRUPT}, {@code SQLITE_CANTOPEN}, …) name the file. A store whose file or folder
 * cannot be written is opened read-only ({@link #readOnly()}): lookups work, writes throw.
 *
 * <p>Thread-safe: one write connection (writes serialised) and a small pool of read connections.
 */
public final class SqliteEmbeddingStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteEmbeddingStore.class);
  /** The schema version this class writes and reads. */
  public static final int FORMAT_VERSION = 1;
  /** {@code PRAGMA application_id} of every store: {@code "ELES"} in ASCII. */
  public static final int APPLICATION_ID = StoreSchema.APPLICATION_ID;
  private static final int ROLE_QUERY = 1;
  private static final int ROLE_DOCUMENT = 2;

  private final Path file;
  private final ElementType elementType;
  private final Connection writer;
  private final BlockingQueue<Connection> readers;
  private final List<Connection> allReaders = new ArrayList<>();
  private final AtomicLong corrupt = new AtomicLong();
  /** Namespaces issued by or checked against this file, by row id. */
  private final Map<Long, Namespace> known = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** A namespace: the fingerprint's row id and the vectors' dimension. */
  public record Namespace(long id, String fingerprint, int dim) {}

  private SqliteEmbeddingStore(Path file, ElementType elementType, boolean fullSync, int readConnections,
      boolean readOnly, boolean immutable) throws SQLException {
    this.file = file;
    this.elementType = elementType;
    // immutable: SQLite creates no -wal/-shm beside the file, which a read-only folder cannot hold
    String url = immutable ? "jdbc:sqlite:" + file.toAbsolutePath().toUri() + "?immutable=1"
        : "jdbc:sqlite:" + file.toAbsolutePath();
    try {
      if (readOnly) {
        this.writer = null;
      } else {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        cfg.setSynchronous(fullSync ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        cfg.setBusyTimeout(30_000);
        cfg.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        this.writer = cfg.createConnection(url);
        StoreSchema.createIn(writer, file);
      }
      SQLiteConfig rcfg = new SQLiteConfig();
      rcfg.setBusyTimeout(30_000);
      rcfg.setReadOnly(true);
      this.readers = new ArrayBlockingQueue<>(readConnections);
      for (int i = 0; i < readConnections; i++) {
        Connection c = rcfg.createConnection(url);
        allReaders.add(c);
        readers.add(c);
      }
      if (readOnly) {
        StoreSchema.check(allReaders.get(0), file, false);
        StoreSchema.checkFormat(allReaders.get(0), file);
      }
    } catch (SQLException e) {
      closeQuietly();
      throw StoreSchema.named(file, e);
    } catch (RuntimeException e) {
      closeQuietly();
      throw e;
    }
  }

  /**
   * Opens (creating if absent) a store, writing new vectors as {@code elementType}, with
   * {@code synchronous=NORMAL} and 4 read connections.
   *
   * @throws SQLException when the file cannot be opened or holds another format
   */
  public static SqliteEmbeddingStore open(Path file, ElementType elementType) throws SQLException {
    return open(file, elementType, false, 4);
  }

  /**
   * Opens (creating if absent) a store.
   *
   * @param fullSync {@code synchronous=FULL}: commits survive power loss too (an fsync per batch)
   * @param readConnections read connections in the pool, >= 1 (threads reading at once)
   */
  public static SqliteEmbeddingStore open(Path file, ElementType elementType, boolean fullSync, int readConnections)
      throws SQLException {
    if (file == null || elementType == null) {
      throw new IllegalArgumentException("file and elementType must not be null");
    }
    Checks.atLeast("readConnections", readConnections, 1);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new IllegalArgumentException("folder of the store does not exist: " + parent);
    }
    // SQLite writes a journal beside the file: without a writable folder (or file) only reading works
    boolean folderReadOnly = parent != null && !Files.isWritable(parent);
    boolean readOnly = Files.isRegularFile(file) && (!Files.isWritable(file) || folderReadOnly);
    if (readOnly) {
      LOG.info("{}: the file or its folder is not writable; opened read-only", file);
    }
    return new SqliteEmbeddingStore(file, elementType, fullSync, readConnections, readOnly, readOnly && folderReadOnly);
  }

  /**
   * Opens an existing store for reading only: lookups work, {@link #putAll} and creating a namespace
   * throw {@link IllegalStateException}.
   *
   * @throws SQLException naming the file when it cannot be opened or is not a store
   */
  public static SqliteEmbeddingStore openReadOnly(Path file, int readConnections) throws SQLException {
    if (file == null || !Files.isRegularFile(file)) {
      throw new IllegalArgumentException("store file does not exist: " + file);
    }
    Checks.atLeast("readConnections", readConnections, 1);
    Path parent = file.toAbsolutePath().getParent();
    return openReadOnly(file, readConnections, parent != null && !Files.isWritable(parent));
  }

  /**
   * Read-only; {@code immutable}: SQLite's {@code immutable=1} (no journal files, no locks; for a
   * folder nobody can write, where a writer cannot exist either).
   */
  static SqliteEmbeddingStore openReadOnly(Path file, int readConnections, boolean immutable) throws SQLException {
    return new SqliteEmbeddingStore(file, ElementType.FLOAT32, false, readConnections, true, immutable);
  }

  /** Whether this store was opened read-only (explicitly, or because its file or folder is not writable). */
  public boolean readOnly() {
    return writer == null;
  }

  /** The database file. */
  public Path file() {
    return file;
  }

  /** How new vectors are written. */
  public ElementType elementType() {
    return elementType;
  }

  /**
   * The namespace of {@code fingerprint}, created when absent.
   *
   * @throws IllegalArgumentException when it exists with another dimension
   */
  public Namespace namespace(String fingerprint, int dim) throws SQLException {
    if (fingerprint == null || fingerprint.isEmpty()) {
      throw new IllegalArgumentException("fingerprint must not be empty");
    }
    Checks.atLeast("dim", dim, 1);
    if (writer == null) {
      Connection c = borrow();
      try {
        Namespace ns = findNamespace(c, fingerprint);
        if (ns == null) {
          return new Namespace(-1, fingerprint, dim); // absent from a read-only store: every lookup misses
        }
        return checkDim(remember(ns), dim);
      } catch (SQLException e) {
        throw StoreSchema.named(file, e);
      } finally {
        readers.add(c);
      }
    }
    synchronized (writer) {
      checkOpen();
      try {
        Namespace ns = findNamespace(writer, fingerprint);
        if (ns == null) {
          try (PreparedStatement p = writer.prepareStatement(
              "INSERT OR IGNORE INTO namespaces(fingerprint, dim) VALUES (?, ?)")) {
            p.setString(1, fingerprint);
            p.setInt(2, dim);
            p.executeUpdate();
          }
          ns = findNamespace(writer, fingerprint);
        }
        return checkDim(remember(ns), dim);
      } catch (SQLException e) {
        throw StoreSchema.named(file, e);
      }
    }
  }

  private static Namespace checkDim(Namespace ns, int dim) {
    if (ns.dim() != dim) {
      throw new IllegalArgumentException("namespace '" + ns.fingerprint() + "' holds vectors of dimension " + ns.dim()
          + "; asked for " + dim);
    }
    return ns;
  }

  private Namespace remember(Namespace ns) {
    known.put(ns.id(), ns);
    return ns;
  }

  /**
   * Checks that {@code ns} is this store's: its row id here means the same fingerprint and dimension.
   * A handle from another store file whose id collides with another fingerprint here would otherwise
   * be served that other model's vectors.
   */
  private void checkOwn(Namespace ns) throws SQLException {
    Checks.notNull("namespace", ns);
    if (ns.equals(known.get(ns.id())) || (ns.id() == -1 && writer == null)) {
      return;
    }
    Namespace here = null;
    Connection c = borrow();
    try (PreparedStatement p = c.prepareStatement("SELECT id, fingerprint, dim FROM namespaces WHERE id = ?")) {
      p.setLong(1, ns.id());
      try (ResultSet rs = p.executeQuery()) {
        if (rs.next()) {
          here = new Namespace(rs.getLong(1), rs.getString(2), rs.getInt(3));
        }
      }
    } finally {
      readers.add(c);
    }
    if (!ns.equals(here)) {
      throw new IllegalArgumentException("namespace " + ns.id() + " ('" + ns.fingerprint() + "', dim " + ns.dim()
          + ") is not a namespace of " + file + (here == null ? ", which has no namespace " + ns.id()
              : ", where id " + ns.id() + " is '" + here.fingerprint() + "' (dim " + here.dim() + ")")
          + ": use the handle this store's namespace(fingerprint, dim) returns");
    }
    remember(here);
  }

  private static Namespace findNamespace(Connection c, String fingerprint) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT id, dim FROM namespaces WHERE fingerprint = ?")) {
      p.setString(1, fingerprint);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? new Namespace(rs.getLong(1), fingerprint, rs.getInt(2)) : null;
      }
    }
  }

  /** Every namespace in the file. */
  public List<Namespace> namespaces() throws SQLException {
    Connection c = borrow();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, fingerprint, dim FROM namespaces ORDER BY id")) {
      List<Namespace> out = new ArrayList<>();
      while (rs.next()) {
        out.add(new Namespace(rs.getLong(1), rs.getString(2), rs.getInt(3)));
      }
      return out;
    } finally {
      readers.add(c);
    }
  }

  static int roleCode(Role r) {
    return r == Role.QUERY ? ROLE_QUERY : ROLE_DOCUMENT;
  }

  /**
   * Looks up vectors.
   *
   * @return one entry per hash: the stored vector, or null when absent or when its row fails its checksum
   */
  public float[][] getAll(Namespace ns, Role role, List<TextHash> hashes) throws SQLException {
    float[][] out = new float[hashes.size()][];
    checkOwn(ns);
    if (hashes.isEmpty()) {
      return out;
    }
    Connection c = borrow();
    try (PreparedStatement p = c.prepareStatement(
        "SELECT element_type, vector, crc FROM vectors WHERE ns = ? AND role = ? AND text_hash = ?")) {
      int rc = roleCode(role);
      p.setLong(1, ns.id());
      p.setInt(2, rc);
      for (int i = 0; i < out.length; i++) {
        byte[] h = hashes.get(i).raw();
        p.setBytes(3, h);
        try (ResultSet rs = p.executeQuery()) {
          if (rs.next()) {
            out[i] = decode(ns, rc, h, rs.getInt(1), rs.getBytes(2), rs.getInt(3));
          }
        }
      }
    } catch (SQLException e) {
      throw StoreSchema.named(file, e);
    } finally {
      readers.add(c);
    }
    return out;
  }

  private float[] decode(Namespace ns, int role, byte[] hash, int type, byte[] blob, int crc) {
    if (crc != rowCrc(role, hash, type, blob)) {
      corrupt.incrementAndGet();
      LOG.warn("{}: vector row (namespace {}, role {}, text hash {}) fails its CRC-32C; not served",
          file, ns.id(), role, TextHash.ofBytes(hash));
      return null;
    }
    ElementType t;
    try {
      t = ElementType.ofCode(type);
    } catch (IllegalArgumentException e) {
      corrupt.incrementAndGet();
      return null;
    }
    if (blob.length != ns.dim() * t.bytes()) {
      corrupt.incrementAndGet();
      LOG.warn("{}: vector row of namespace {} has {} bytes; expected {} ({} x {}); not served", file, ns.id(),
          blob.length, ns.dim() * t.bytes(), ns.dim(), t);
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
    float[] v = new float[ns.dim()];
    for (int j = 0; j < v.length; j++) {
      v[j] = t == ElementType.FLOAT32 ? b.getFloat() : Float16.halfToFloat(b.getShort());
    }
    try {
      VectorUtil.checkFinite(v, "vector");
    } catch (IllegalArgumentException e) {
      corrupt.incrementAndGet();
      LOG.warn("{}: vector row (namespace {}, role {}, text hash {}) breaks the vector policy ({}); not served",
          file, ns.id(), role, TextHash.ofBytes(hash), e.getMessage());
      return null;
    }
    return v;
  }

  /**
   * Stores vectors in one transaction (all or none); rows already present are left as they are
   * (equal fingerprints give equal vectors). A vector beyond float16's range in a float16 store is
   * stored as float32.
   *
   * @throws IllegalArgumentException on a length mismatch, a vector outside the vector policy (NaN,
   *     infinity, L2 norm above 2^63; the index and component named) or a namespace of another store
   * @throws IllegalStateException when the store is read-only
   */
  public void putAll(Namespace ns, Role role, List<TextHash> hashes, List<float[]> vectors) throws SQLException {
    if (writer == null) {
      throw new IllegalStateException(file + " is open read-only (its file or folder is not writable); nothing"
          + " is stored");
    }
    checkOwn(ns);
    if (hashes.size() != vectors.size()) {
      throw new IllegalArgumentException("hashes and vectors sizes differ: " + hashes.size() + "!=" + vectors.size());
    }
    int rc = roleCode(role);
    List<byte[]> blobs = new ArrayList<>(vectors.size());
    List<Integer> types = new ArrayList<>(vectors.size());
    for (int i = 0; i < vectors.size(); i++) {
      float[] v = vectors.get(i);
      if (v == null || v.length != ns.dim()) {
        throw new IllegalArgumentException("vectors[" + i + "] has length " + (v == null ? "null" : v.length)
            + "; expected " + ns.dim());
      }
      VectorUtil.checkFinite(v, "vectors[" + i + "]");
      ElementType t = elementType == ElementType.FLOAT16 && fitsHalf(v) ? ElementType.FLOAT16 : ElementType.FLOAT32;
      blobs.add(encode(v, t, i));
      types.add(t.code());
    }
    synchronized (writer) {
      checkOpen();
      boolean auto = writer.getAutoCommit();
      writer.setAutoCommit(false);
      try (PreparedStatement p = writer.prepareStatement("INSERT OR IGNORE INTO vectors(ns, role, text_hash,"
          + " element_type, vector, crc) VALUES (?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < blobs.size(); i++) {
          byte[] h = hashes.get(i).raw();
          p.setLong(1, ns.id());
          p.setInt(2, rc);
          p.setBytes(3, h);
          p.setInt(4, types.get(i));
          p.setBytes(5, blobs.get(i));
          p.setInt(6, rowCrc(rc, h, types.get(i), blobs.get(i)));
          p.addBatch();
        }
        p.executeBatch();
        writer.commit();
      } catch (SQLException e) {
        writer.rollback();
        throw StoreSchema.named(file, e);
      } catch (RuntimeException e) {
        writer.rollback();
        throw e;
      } finally {
        writer.setAutoCommit(auto);
      }
    }
  }

  /** What a float16 store returns for {@code v}: each component rounded to float16 (or {@code v} unchanged in a float32 store). */
  public float[] asStored(float[] v) {
    if (elementType == ElementType.FLOAT32 || !fitsHalf(v)) {
      return v.clone();
    }
    float[] r = new float[v.length];
    for (int j = 0; j < v.length; j++) {
      r[j] = Float16.halfToFloat(Float16.floatToHalf(v[j]));
    }
    return r;
  }

  private static boolean fitsHalf(float[] v) {
    for (float f : v) {
      if (Math.abs(f) > 65504f) {
        return false;
      }
    }
    return true;
  }

  private static byte[] encode(float[] v, ElementType t, int index) {
    ByteBuffer b = ByteBuffer.allocate(v.length * t.bytes()).order(ByteOrder.LITTLE_ENDIAN);
    for (int j = 0; j < v.length; j++) {
      if (!Float.isFinite(v[j])) {
        throw new IllegalArgumentException("vectors[" + index + "][" + j + "] is " + v[j] + "; only finite vectors are stored");
      }
      if (t == ElementType.FLOAT32) {
        b.putFloat(v[j]);
      } else {
        b.putShort(Float16.floatToHalf(v[j]));
      }
    }
    return b.array();
  }

  /** CRC-32C of role, text hash, element type and blob (the row's content, its namespace aside). */
  static int rowCrc(int role, byte[] hash, int type, byte[] blob) {
    CRC32C c = new CRC32C();
    c.update(role);
    c.update(hash);
    c.update(type);
    c.update(blob);
    return (int) c.getValue();
  }

  /** Vectors stored in {@code ns} (both roles); counts rows, so it reads the index. */
  public long count(Namespace ns) throws SQLException {
    checkOwn(ns);
    Connection c = borrow();
    try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM vectors WHERE ns = ?")) {
      p.setLong(1, ns.id());
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw StoreSchema.named(file, e);
    } finally {
      readers.add(c);
    }
  }

  /** Rows read since open that failed their checksum and were not served. */
  public long corruptRows() {
    return corrupt.get();
  }

  /** {@code PRAGMA integrity_check}'s answer ("ok" when the file is sound); reads the whole file. */
  public String integrityCheck() throws SQLException {
    Connection c = borrow();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
      StringBuilder sb = new StringBuilder();
      while (rs.next()) {
        sb.append(sb.length() == 0 ? "" : "; ").append(rs.getString(1));
      }
      return sb.toString();
    } catch (SQLException e) {
      throw StoreSchema.named(file, e);
    } finally {
      readers.add(c);
    }
  }

  /** Visits every row of a namespace and role (for audits and exports): hash and decoded vector, or null if corrupt. */
  public void forEach(Namespace ns, Role role, java.util.function.BiConsumer<TextHash, float[]> visitor) throws SQLException {
    checkOwn(ns);
    Connection c = borrow();
    int rc = roleCode(role);
    try (PreparedStatement p = c.prepareStatement(
        "SELECT text_hash, element_type, vector, crc FROM vectors WHERE ns = ? AND role = ?")) {
      p.setLong(1, ns.id());
      p.setInt(2, rc);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          byte[] h = rs.getBytes(1);
          visitor.accept(TextHash.ofBytes(h), decode(ns, rc, h, rs.getInt(2), rs.getBytes(3), rs.getInt(4)));
        }
      }
    } catch (SQLException e) {
      throw StoreSchema.named(file, e);
    } finally {
      readers.add(c);
    }
  }

  private Connection borrow() throws SQLException {
    checkOpen();
    try {
      return readers.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for a read connection to " + file, e);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(file + " is closed");
    }
  }

  /** Closes every connection. Idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      closeQuietly();
    }
  }

  private void closeQuietly() {
    for (Connection c : allReaders) {
      try {
        c.close();
      } catch (SQLException e) {
        LOG.warn("closing a read connection to {}: {}", file, e.toString());
      }
    }
    try {
      if (writer != null) {
        writer.close();
      }
    } catch (SQLException e) {
      LOG.warn("closing the write connection to {}: {}", file, e.toString());
    }
  }
}

package dev.embedlab.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder.Role;
import dev.embedlab.store.ElementType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store refuses what is not its own and names its file in every SQLite error. */
class SqliteStoreHostileTest {
  @TempDir Path dir;

  @Test
  void someoneElsesDatabaseIsRefusedNotAdopted() throws Exception {
    Path app = dir.resolve("app.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + app); Statement s = c.createStatement()) {
      s.executeUpdate("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT)");
    }
    SQLException e = assertThrows(SQLException.class, () -> SqliteEmbeddingStore.open(app, ElementType.FLOAT32));
    assertTrue(e.getMessage().startsWith(app + ": not an embedlab embedding store") && e.getMessage().contains(
        "tables [users]"), e.getMessage());
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + app); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name IN ('meta', 'namespaces', 'vectors')")) {
      rs.next();
      assertEquals(0, rs.getInt(1), "no table was added to app.db");
    }
    // another application's id, even with no tables, is not ours either
    Path other = dir.resolve("other.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement s = c.createStatement()) {
      s.executeUpdate("PRAGMA application_id = 1234");
    }
    assertThrows(SQLException.class, () -> SqliteEmbeddingStore.open(other, ElementType.FLOAT32));
    // a store is stamped and opens again
    Path ours = dir.resolve("e.db");
    SqliteEmbeddingStore.open(ours, ElementType.FLOAT32).close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ours); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA application_id")) {
      rs.next();
      assertEquals(SqliteEmbeddingStore.APPLICATION_ID, rs.getInt(1));
    }
    SqliteEmbeddingStore.open(ours, ElementType.FLOAT32).close();
  }

  @Test
  void aNamespaceHandleOfStoreAIsRefusedByStoreB() throws Exception {
    try (SqliteEmbeddingStore a = SqliteEmbeddingStore.open(dir.resolve("a.db"), ElementType.FLOAT32);
        SqliteEmbeddingStore b = SqliteEmbeddingStore.open(dir.resolve("b.db"), ElementType.FLOAT32)) {
      SqliteEmbeddingStore.Namespace na = a.namespace("model-A", 4);
      SqliteEmbeddingStore.Namespace nb = b.namespace("model-B", 4); // the same row id 1 in b
      assertEquals(na.id(), nb.id());
      TextHash h = TextHash.of("hello");
      b.putAll(nb, Role.DOCUMENT, List.of(h), List.of(new float[] {1, 2, 3, 4}));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> b.getAll(na, Role.DOCUMENT, List.of(h)));
      assertTrue(e.getMessage().contains("is not a namespace of " + dir.resolve("b.db") + ", where id 1 is 'model-B'"),
          e.getMessage());
      assertThrows(IllegalArgumentException.class,
          () -> b.putAll(na, Role.DOCUMENT, List.of(h), List.of(new float[] {9, 9, 9, 9})));
      assertArrayEquals(new float[] {1, 2, 3, 4}, b.getAll(nb, Role.DOCUMENT, List.of(h))[0]);
    }
  }

  @Test
  void sqliteErrorsNameTheFile() throws Exception {
    Path corrupt = dir.resolve("corrupt.db");
    byte[] junk = new byte[8192];
    byte[] magic = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(magic, 0, junk, 0, magic.length);
    for (int i = magic.length; i < junk.length; i++) {
      junk[i] = (byte) (i * 31);
    }
    Files.write(corrupt, junk);
    SQLException e = assertThrows(SQLException.class, () -> SqliteEmbeddingStore.open(corrupt, ElementType.FLOAT32));
    assertTrue(e.getMessage().contains(corrupt.toString()), e.getMessage());

    Path folder = Files.createDirectory(dir.resolve("a-folder.db")); // CANTOPEN: a folder is not a database file
    SQLException f = assertThrows(SQLException.class, () -> SqliteEmbeddingStore.open(folder, ElementType.FLOAT32));
    assertTrue(f.getMessage().contains(folder.toString()), f.getMessage());
  }

  @Test
  void aStoreInAReadOnlyFolderCanStillBeRead() throws Exception {
    Path ro = Files.createDirectory(dir.resolve("ro"));
    Path db = ro.resolve("e.db");
    TextHash h = TextHash.of("x");
    try (SqliteEmbeddingStore s = SqliteEmbeddingStore.open(db, ElementType.FLOAT32)) {
      s.putAll(s.namespace("m", 3), Role.QUERY, List.of(h), List.of(new float[] {1, 0, 0}));
    }
    // what open() does in a read-only folder (immutable: no -wal/-shm created), checked even as root
    try (SqliteEmbeddingStore s = SqliteEmbeddingStore.openReadOnly(db, 2, true)) {
      assertTrue(s.readOnly());
      assertArrayEquals(new float[] {1, 0, 0}, s.getAll(s.namespace("m", 3), Role.QUERY, List.of(h))[0]);
      assertThrows(IllegalStateException.class,
          () -> s.putAll(s.namespace("m", 3), Role.QUERY, List.of(TextHash.of("y")), List.of(new float[] {0, 1, 0})));
      assertTrue(!Files.exists(ro.resolve("e.db-shm")), "no shared-memory file beside an immutable store");
    }
    try (SqliteEmbeddingStore s = SqliteEmbeddingStore.openReadOnly(db, 1)) {
      assertArrayEquals(new float[] {1, 0, 0}, s.getAll(s.namespace("m", 3), Role.QUERY, List.of(h))[0]);
    }
    Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      Assumptions.assumeFalse(Files.isWritable(ro), "running as root: folders stay writable");
      try (SqliteEmbeddingStore s = SqliteEmbeddingStore.open(db, ElementType.FLOAT32)) {
        assertTrue(s.readOnly());
        SqliteEmbeddingStore.Namespace ns = s.namespace("m", 3);
        assertArrayEquals(new float[] {1, 0, 0}, s.getAll(ns, Role.QUERY, List.of(h))[0]);
        assertNull(s.getAll(s.namespace("unknown", 3), Role.QUERY, List.of(h))[0]);
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> s.putAll(ns, Role.QUERY, List.of(TextHash.of("y")), List.of(new float[] {0, 1, 0})));
        assertTrue(e.getMessage().startsWith(db + " is open read-only"), e.getMessage());
      }
    } finally {
      Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void aStoredRowOutsideTheVectorPolicyIsNotServed() throws Exception {
    Path db = dir.resolve("e.db");
    TextHash h = TextHash.of("big");
    try (SqliteEmbeddingStore s = SqliteEmbeddingStore.open(db, ElementType.FLOAT32)) {
      SqliteEmbeddingStore.Namespace ns = s.namespace("m", 2);
      // a row written by hand (or by an older version) with a valid CRC and a component of 3e38
      byte[] blob = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(3e38f).putFloat(0f).array();
      int role = SqliteEmbeddingStore.roleCode(Role.DOCUMENT);
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
          PreparedStatement p = c.prepareStatement("INSERT INTO vectors VALUES (?, ?, ?, ?, ?, ?)")) {
        p.setLong(1, ns.id());
        p.setInt(2, role);
        p.setBytes(3, h.raw());
        p.setInt(4, ElementType.FLOAT32.code());
        p.setBytes(5, blob);
        p.setInt(6, SqliteEmbeddingStore.rowCrc(role, h.raw(), ElementType.FLOAT32.code(), blob));
        p.executeUpdate();
      }
      assertNull(s.getAll(ns, Role.DOCUMENT, List.of(h))[0], "3e38 is never served (it ranked first before)");
      assertEquals(1, s.corruptRows());
    }
  }

  @Test
  void aCacheShardWithAValidCrcAndA3e38VectorIsSkippedNotImportedNorAbortingTheImport() throws Exception {
    Path ns = Files.createDirectories(dir.resolve("cache").resolve("m-1"));
    Files.writeString(ns.resolve("key.txt"), "id=m\nfingerprint=m;v1\ndim=2\n");
    Path role = Files.createDirectories(ns.resolve("document"));
    java.util.function.BiFunction<String, Float, byte[]> shard = (text, x) -> {
      java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
      try {
        dev.embedlab.core.io.ChecksummedFile.write(b, dev.embedlab.core.io.ChecksummedFile.CACHE_SHARD_MAGIC, 2, out -> {
          out.writeInt(2);
          out.writeInt(1);
          out.write(TextHash.of(text).raw());
          out.writeFloat(x);
          out.writeFloat(0.5f);
        });
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return b.toByteArray();
    };
    Files.write(role.resolve("a.emb"), shard.apply("fine", 0.5f));
    Files.write(role.resolve("b.emb"), shard.apply("huge", 3e38f)); // valid CRC, finite, its square is not
    try (SqliteEmbeddingStore store = SqliteEmbeddingStore.open(dir.resolve("i.db"), ElementType.FLOAT32)) {
      CacheShardImport.Result r = CacheShardImport.importFolder(dir.resolve("cache"), store);
      assertEquals(1, r.shards());
      assertEquals(1, r.skippedShards());
      SqliteEmbeddingStore.Namespace n = store.namespace("m;v1", 2);
      assertArrayEquals(new float[] {0.5f, 0.5f}, store.getAll(n, Role.DOCUMENT, List.of(TextHash.of("fine")))[0]);
      assertNull(store.getAll(n, Role.DOCUMENT, List.of(TextHash.of("huge")))[0]);
    }
  }
}

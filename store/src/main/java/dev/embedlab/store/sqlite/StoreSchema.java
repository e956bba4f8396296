package dev.embedlab.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tables of a {@link SqliteEmbeddingStore}, the stamp that marks a database as one
 * ({@code PRAGMA application_id}), and SQLite errors made to name their file.
 */
final class StoreSchema {
  /** {@code "ELES"} in ASCII. */
  static final int APPLICATION_ID = 0x454C4553;
  private static final Set<String> OUR_TABLES = Set.of("meta", "namespaces", "vectors");

  private StoreSchema() {}

  /** Checks the database is ours (stamping it), creates the tables when absent and checks the format. */
  static void createIn(Connection writer, Path file) throws SQLException {
    check(writer, file, true);
    try (Statement s = writer.createStatement()) {
      s.executeUpdate("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      s.executeUpdate("CREATE TABLE IF NOT EXISTS namespaces(id INTEGER PRIMARY KEY, fingerprint TEXT NOT NULL"
          + " UNIQUE, dim INTEGER NOT NULL)");
      s.executeUpdate("CREATE TABLE IF NOT EXISTS vectors(ns INTEGER NOT NULL, role INTEGER NOT NULL,"
          + " text_hash BLOB NOT NULL, element_type INTEGER NOT NULL, vector BLOB NOT NULL, crc INTEGER NOT NULL,"
          + " UNIQUE(ns, role, text_hash))");
      s.executeUpdate("INSERT OR IGNORE INTO meta(key, value) VALUES ('format', '"
          + SqliteEmbeddingStore.FORMAT_VERSION + "')");
    }
    checkFormat(writer, file);
  }

  /** Refuses a store of another format version. */
  static void checkFormat(Connection c, Path file) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = 'format'")) {
      String v = rs.next() ? rs.getString(1) : null;
      if (!String.valueOf(SqliteEmbeddingStore.FORMAT_VERSION).equals(v)) {
        throw new SQLException(file + ": expected embedding store format " + SqliteEmbeddingStore.FORMAT_VERSION
            + ", found " + v + " (written by another version of embedlab?)");
      }
    }
  }

  /**
   * Refuses a database that is not a store: another application id, or tables besides ours. Stamps
   * an empty database (or a store written before the stamp) when {@code stamp}.
   */
  static void check(Connection c, Path file, boolean stamp) throws SQLException {
    int appId;
    Set<String> tables = new TreeSet<>();
    try (Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("PRAGMA application_id")) {
        appId = rs.next() ? rs.getInt(1) : 0;
      }
      try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
          + " AND name NOT LIKE 'sqlite_%'")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      if (appId == APPLICATION_ID || (appId == 0 && OUR_TABLES.containsAll(tables))) {
        if (appId == 0 && stamp) {
          s.executeUpdate("PRAGMA application_id = " + APPLICATION_ID);
        }
        return;
      }
    }
    throw new SQLException(file + ": not an embedlab embedding store: expected application_id 0x"
        + Integer.toHexString(APPLICATION_ID) + " (\"ELES\") and only the tables " + new TreeSet<>(OUR_TABLES)
        + ", found application_id 0x" + Integer.toHexString(appId) + " and tables " + tables
        + "; refusing to add the store's tables to another application's database (choose another file)");
  }

  /** {@code e} with the file in its message (SQLite's own messages, such as SQLITE_CORRUPT, do not name it). */
  static SQLException named(Path file, SQLException e) {
    String m = String.valueOf(e.getMessage());
    if (m.contains(file.toString()) || m.contains(file.toAbsolutePath().toString())) {
      return e;
    }
    return new SQLException(file.toAbsolutePath() + ": " + m, e.getSQLState(), e.getErrorCode(), e);
  }
}

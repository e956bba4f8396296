/**
 * A persistent embedding cache for services: vectors in SQLite ({@link dev.embedlab.store.sqlite.SqliteEmbeddingStore},
 * WAL mode, one checksummed row per fingerprint, role and text hash) behind a bounded in-memory layer
 * ({@link dev.embedlab.store.sqlite.StoreCachingEmbedder}), and the import of the models module's cache folders
 * ({@link dev.embedlab.store.sqlite.CacheShardImport}).
 */
package dev.embedlab.store.sqlite;

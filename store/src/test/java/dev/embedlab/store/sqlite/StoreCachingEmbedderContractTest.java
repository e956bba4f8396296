package dev.embedlab.store.sqlite;

import dev.embedlab.core.Embedder;
import dev.embedlab.store.ElementType;
import dev.embedlab.testing.BaseEmbedderTestCase;
import dev.embedlab.testing.CountingTestEmbedder;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link Embedder} contract on {@link StoreCachingEmbedder} owning a float32 SQLite store,
 * over a counting model (float32, so a stored vector is the computed one bit for bit).
 */
class StoreCachingEmbedderContractTest extends BaseEmbedderTestCase {
  @TempDir Path dir;

  @Override
  protected Embedder newEmbedder() throws Exception {
    return StoreCachingEmbedder.wrapOwning(new CountingTestEmbedder("model", 16, 13),
        SqliteEmbeddingStore.open(dir.resolve("vectors.db"), ElementType.FLOAT32), 1 << 20);
  }

  @Override
  protected boolean rolesDiffer() {
    return true;
  }
}

package dev.embedlab.models;

import dev.embedlab.core.Embedder;
import dev.embedlab.testing.BaseEmbedderTestCase;
import dev.embedlab.testing.CountingTestEmbedder;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The {@link Embedder} contract on {@link CachingEmbedder} over a counting fixture model. */
class CachingEmbedderContractTest extends BaseEmbedderTestCase {
  @TempDir Path cache;

  @Override
  protected Embedder newEmbedder() {
    return CachingEmbedder.wrap(new CountingTestEmbedder("model", 16, 5), cache);
  }

  @Override
  protected boolean rolesDiffer() {
    return true;
  }
}

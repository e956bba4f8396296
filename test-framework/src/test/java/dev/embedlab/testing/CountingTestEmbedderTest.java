package dev.embedlab.testing;

import dev.embedlab.core.Embedder;

/** The contract on the test framework's own fixture model. */
class CountingTestEmbedderTest extends BaseEmbedderTestCase {
  @Override
  protected Embedder newEmbedder() {
    return new CountingTestEmbedder("counting", 24, 7);
  }

  @Override
  protected boolean rolesDiffer() {
    return true;
  }
}

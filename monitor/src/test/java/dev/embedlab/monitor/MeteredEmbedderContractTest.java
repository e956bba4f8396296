package dev.embedlab.monitor;

import dev.embedlab.core.Embedder;
import dev.embedlab.testing.BaseEmbedderTestCase;
import dev.embedlab.testing.CountingTestEmbedder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The {@link Embedder} contract on {@link MeteredEmbedder} over a counting model and a simple registry. */
class MeteredEmbedderContractTest extends BaseEmbedderTestCase {
  @Override
  protected Embedder newEmbedder() {
    return MeteredEmbedder.builder(new CountingTestEmbedder("model", 16, 19), new SimpleMeterRegistry()).build();
  }

  @Override
  protected boolean rolesDiffer() {
    return true;
  }
}

package dev.embedlab.testing;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.ensemble.EnsembleEmbedder;

/**
 * The {@link Embedder} contract on {@link EnsembleEmbedder} (core), over two counting fixture
 * models of different dimensions. Here rather than in core: core's tests cannot depend on this
 * module, which depends on core.
 */
class EnsembleEmbedderContractTest extends BaseEmbedderTestCase {
  @Override
  protected Embedder newEmbedder() {
    return EnsembleEmbedder.builder()
        .add(new CountingTestEmbedder("part-a", 12, 1), 0.7)
        .add(new CountingTestEmbedder("part-b", 20, 2), 0.3)
        .build();
  }

  @Override
  protected boolean rolesDiffer() {
    return true; // the fixture parts embed queries differently
  }
}

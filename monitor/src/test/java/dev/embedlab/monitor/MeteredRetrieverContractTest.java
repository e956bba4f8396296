package dev.embedlab.monitor;

import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.testing.BaseRetrieverTestCase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The retriever contract for the metering decorator (rankings pass through unchanged). */
class MeteredRetrieverContractTest extends BaseRetrieverTestCase {
  @Override
  protected Retriever newRetriever(Corpus corpus) {
    return MeteredRetriever.of(Fixtures.exact(corpus.ids(), corpus.vectors()), new SimpleMeterRegistry(), "env", "test");
  }

  @Override
  protected boolean exactDotProduct() {
    return true;
  }
}

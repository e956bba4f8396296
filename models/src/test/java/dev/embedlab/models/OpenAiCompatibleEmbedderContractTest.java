package dev.embedlab.models;

import dev.embedlab.core.Embedder;
import dev.embedlab.testing.BaseEmbedderTestCase;
import org.junit.jupiter.api.AfterEach;

/**
 * The {@link Embedder} contract on {@link OpenAiCompatibleEmbedder}, against the loopback stub
 * server of {@link OpenAiCompatibleEmbedderTest} (127.0.0.1, never a real host).
 */
class OpenAiCompatibleEmbedderContractTest extends BaseEmbedderTestCase {
  private final OpenAiCompatibleEmbedderTest stub = new OpenAiCompatibleEmbedderTest();

  @Override
  protected Embedder newEmbedder() throws Exception {
    return stub.builder(stub.start()).batchSize(3).build();
  }

  @AfterEach
  void stopServer() {
    stub.stop();
  }
}

package dev.embedlab.interop.springai;

import dev.embedlab.core.Embedder;
import dev.embedlab.testing.BaseEmbedderTestCase;
import dev.embedlab.testing.CountingTestEmbedder;

/**
 * The {@link Embedder} contract on {@link SpringAiEmbedder}, over a Spring AI model that is a
 * counting fixture seen through {@link EmbedlabSpringEmbeddingModel} (the round trip of both adapters).
 */
class SpringAiEmbedderContractTest extends BaseEmbedderTestCase {
  @Override
  protected Embedder newEmbedder() {
    return SpringAiEmbedder.of(EmbedlabSpringEmbeddingModel.documents(new CountingTestEmbedder("model", 16, 29)),
        "spring-counting", 16, "", "", "counting;v1");
  }
}

package dev.embedlab.interop.langchain4j;

import dev.embedlab.core.Embedder;
import dev.embedlab.testing.BaseEmbedderTestCase;
import dev.embedlab.testing.CountingTestEmbedder;
import java.util.List;

/**
 * The {@link Embedder} contract on {@link LangChain4jEmbedder}, over a LangChain4j model that is a
 * counting fixture seen through {@link EmbedlabEmbeddingModel} (the round trip of both adapters).
 */
class LangChain4jEmbedderContractTest extends BaseEmbedderTestCase {
  @Override
  protected Embedder newEmbedder() {
    return LangChain4jEmbedder.builder(EmbedlabEmbeddingModel.of(new CountingTestEmbedder("model", 16, 23)))
        .id("lc4j-counting").build();
  }

  /** LangChain4j's {@code TextSegment} refuses blank text, so the contract's blank texts are left out. */
  @Override
  protected List<String> texts() {
    return super.texts().stream().filter(t -> !t.isBlank()).toList();
  }
}

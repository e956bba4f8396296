package dev.embedlab.interop.springai;

import java.util.function.Consumer;
import org.springframework.ai.test.vectorstore.BaseVectorStoreTests;
import org.springframework.ai.vectorstore.VectorStore;

/**
 * Spring AI's own {@link VectorStore} contract (spring-ai-test's {@link BaseVectorStoreTests}: delete by
 * id, by a filter expression and by a filter string, with integer/double metadata) on a fresh
 * {@link EmbedlabVectorStore} per test.
 */
class EmbedlabVectorStoreContractTest extends BaseVectorStoreTests {

  @Override
  protected void executeTest(Consumer<VectorStore> test) {
    test.accept(EmbedlabVectorStore.of(new Toy.HashWords(384)));
  }
}

package dev.embedlab.interop.langchain4j;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreWithRemovalIT;

/** LangChain4j's own removal contract (by id, ids, filter, all) against {@link EmbedlabEmbeddingStore}. */
class EmbedlabEmbeddingStoreRemovalContractTest extends EmbeddingStoreWithRemovalIT {
  private final EmbedlabEmbeddingStore store = new EmbedlabEmbeddingStore();
  private final EmbeddingModel model = EmbedlabEmbeddingModel.of(new Toy.HashWords(384));

  @Override
  protected EmbeddingStore<TextSegment> embeddingStore() {
    return store;
  }

  @Override
  protected EmbeddingModel embeddingModel() {
    return model;
  }
}

package dev.embedlab.interop.langchain4j;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreWithFilteringIT;

/**
 * LangChain4j's own embedding-store contract (its core test-jar): add with and without ids and
 * segments, metadata of every type, min score, correct relevance scores, and every metadata filter
 * (comparisons, in/not-in, contains, and/or/not) — run against {@link EmbedlabEmbeddingStore}.
 */
class EmbedlabEmbeddingStoreContractTest extends EmbeddingStoreWithFilteringIT {
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

  /** Filters are LangChain4j's own, evaluated on metadata, so {@code containsString} works too. */
  @Override
  protected boolean supportsContains() {
    return true;
  }
}

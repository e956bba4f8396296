package dev.embedlab.interop.langchain4j;

import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.testing.BaseRetrieverTestCase;
import dev.langchain4j.data.embedding.Embedding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * embedlab's shared {@link Retriever} contract (order, ties, determinism, NaN refusal, describe) on
 * {@link EmbedlabEmbeddingStore#asRetriever()}, the view the bake-off and the monitor read.
 */
class EmbedlabEmbeddingStoreRetrieverContractTest extends BaseRetrieverTestCase {

  @Override
  protected Retriever newRetriever(Corpus corpus) {
    EmbedlabEmbeddingStore store = new EmbedlabEmbeddingStore();
    List<Embedding> embeddings = new ArrayList<>();
    for (float[] v : corpus.vectors()) {
      embeddings.add(Embedding.from(v));
    }
    store.addAll(Arrays.asList(corpus.ids()), embeddings, null);
    return store.asRetriever();
  }

  @Override
  protected boolean exactDotProduct() {
    return true; // unit vectors: cosine = dot product
  }
}

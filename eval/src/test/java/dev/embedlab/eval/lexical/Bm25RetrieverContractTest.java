package dev.embedlab.eval.lexical;

import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.data.Document;
import dev.embedlab.testing.BaseRetrieverTestCase;
import java.util.ArrayList;
import java.util.List;

/** {@link Bm25Index} holds the {@link Retriever} contract. */
class Bm25RetrieverContractTest extends BaseRetrieverTestCase {

  static List<Document> documents(Corpus c) {
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < c.ids().length; i++) {
      docs.add(new Document(c.ids()[i], "", c.texts().get(i)));
    }
    return docs;
  }

  @Override
  protected Retriever newRetriever(Corpus corpus) {
    return Bm25Index.builder().analyzer(LexicalAnalyzer.ENGLISH).build(documents(corpus));
  }

  @Override
  protected boolean readsVectors() {
    return false;
  }

  @Override
  protected boolean readsTexts() {
    return true;
  }
}

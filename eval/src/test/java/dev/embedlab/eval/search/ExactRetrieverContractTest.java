package dev.embedlab.eval.search;

import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.testing.BaseRetrieverTestCase;

/** {@link ExactSearch#retriever} holds the {@link Retriever} contract and equals brute force, ties included. */
class ExactRetrieverContractTest extends BaseRetrieverTestCase {

  @Override
  protected Retriever newRetriever(Corpus c) {
    return ExactSearch.builder().docBlockSize(50).queryBlockSize(7).threads(2).build().retriever(c.ids(), c.vectors());
  }

  @Override
  protected boolean exactDotProduct() {
    return true;
  }
}

package dev.embedlab.compress;

import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.testing.BaseRetrieverTestCase;
import java.util.List;

/** {@link CompressedIndex} holds the {@link Retriever} contract; float16 with full rescoring is exact. */
class CompressedIndexContractTest extends BaseRetrieverTestCase {

  @Override
  protected Retriever newRetriever(Corpus c) {
    return CompressedIndex.builder(new Float16Compressor(DIM)).vectors(List.of(c.ids()), c.vectors())
        .rescoring(CompressedIndex.Rescoring.oversample(DOCS)).threads(2).build();
  }

  @Override
  protected boolean exactDotProduct() {
    return true;
  }
}

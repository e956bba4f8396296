package dev.embedlab.store;

import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.testing.BaseRetrieverTestCase;
import java.nio.file.Files;
import java.nio.file.Path;

/** The retriever contract for exact search over a mapped vector file. */
class MappedVectorRetrieverContractTest extends BaseRetrieverTestCase {
  @Override
  protected Retriever newRetriever(Corpus corpus) throws Exception {
    Path dir = Files.createTempDirectory("mapped-contract");
    Path f = VectorFiles.write(dir.resolve("v.elv"), "contract", corpus.ids(), corpus.vectors());
    f.toFile().deleteOnExit();
    dir.toFile().deleteOnExit();
    return MappedVectorRetriever.of(MappedVectors.open(f));
  }

  @Override
  protected boolean exactDotProduct() {
    return true;
  }
}

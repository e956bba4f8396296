package dev.embedlab.models;

import dev.embedlab.core.retrieval.RerankingRetriever;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.testing.BaseRetrieverTestCase;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link Retriever} contract for {@link RerankingRetriever} with the real
 * {@link OnnxCrossEncoder} (on the generated {@link TinyCrossEncoder} graph and the BERT tokenizer)
 * as reranker, with a small token budget so that a query's candidates span several batches: the
 * contract's "same rankings whatever the batch" then covers length-sorted batching end to end.
 */
class OnnxRerankingRetrieverContractTest extends BaseRetrieverTestCase {

  @TempDir
  static Path tmp;
  static OnnxCrossEncoder crossEncoder;

  @BeforeAll
  static void load() throws Exception {
    Path dir = TinyCrossEncoder.writeFolder(tmp.resolve("tiny-ce"), TinyCrossEncoder.Spec.standard(),
        TinyCrossEncoder.config(1, null, null));
    crossEncoder = OnnxCrossEncoder.builderFromFolder(dir).tokenBudget(48).intraOpThreads(1).build();
  }

  @AfterAll
  static void close() {
    crossEncoder.close();
  }

  @Override
  protected Retriever newRetriever(Corpus corpus) {
    return RerankingRetriever.of(new ExactDotRetriever(corpus.ids(), corpus.vectors()), crossEncoder,
        RerankingRetrieverContractTest.texts(corpus), 25);
  }

  @Override
  protected boolean readsTexts() {
    return true;
  }
}

package dev.embedlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.RerankingRetriever;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.core.retrieval.Similarity;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retrieve-then-rerank end to end with {@link OnnxCrossEncoder} on the generated
 * {@link TinyCrossEncoder} graph: on a five-document corpus the first stage's order and the
 * reranker's scores are both computed by hand, and the pipeline must return exactly the predicted
 * reordering.
 */
class CrossEncoderRerankingTest {

  @TempDir
  Path tmp;

  /**
   * First stage: 1-d vectors 5, 4, 3, 2, 1 against the query vector [1], so d1 &gt; d2 &gt; d3 &gt;
   * d4 &gt; d5. Reranker: the sum of W = (id mod 17) - 8 over the document's tokens and the final
   * [SEP] (102: -8), by BERT id:
   * <pre>
   *   d1 "dogs run"        dogs 6077: 0,  run 2448: -8          -> -16
   *   d2 "cats sleep"      cats 8870: 5,  sleep 3637: 8         ->   5
   *   d3 "birds fly"       birds 5055: -2, fly 4875: 5          ->  -5
   *   d4 "fish swim"       fish 3869: 2,  swim 9880: -5         -> -11
   *   d5 "dogs chase cats" dogs 0, chase 5252: 8, cats 5         ->   5
   * </pre>
   */
  private static final String[] IDS = {"d1", "d2", "d3", "d4", "d5"};
  private static final float[][] VECTORS = {{5f}, {4f}, {3f}, {2f}, {1f}};
  private static final Map<String, String> TEXTS = new LinkedHashMap<>();

  static {
    TEXTS.put("d1", "dogs run");
    TEXTS.put("d2", "cats sleep");
    TEXTS.put("d3", "birds fly");
    TEXTS.put("d4", "fish swim");
    TEXTS.put("d5", "dogs chase cats");
  }

  private static Queries query() {
    return Queries.of(new String[] {"q1"}, List.of("which animals sleep"), new float[][] {{1f}});
  }

  @Test
  void theCrossEncoderReordersTheFirstStageAsComputedByHand() throws Exception {
    Path dir = TinyCrossEncoder.writeFolder(tmp.resolve("tiny-ce"), TinyCrossEncoder.Spec.standard(),
        TinyCrossEncoder.config(1, "sentence_transformers", "torch.nn.modules.linear.Identity"));
    try (OnnxCrossEncoder ce = OnnxCrossEncoder.builderFromFolder(dir).tokenBudget(16).build()) {
      ExactDotRetriever first = new ExactDotRetriever(IDS, VECTORS);
      assertEquals(List.of("d1", "d2", "d3", "d4"), first.search(query(), 4).get(0).docIds());

      RerankingRetriever top4 = RerankingRetriever.of(first, ce, TEXTS, 4);
      Ranking r = top4.search(query(), 3).get(0);
      // d5 (score 5) is outside the first stage's top 4: the reranker never sees it.
      assertEquals(List.of("d2", "d3", "d4"), r.docIds());
      assertArrayEquals(new double[] {5, -5, -11}, r.scores());
      assertEquals(4, ce.usage().texts(), "depth pairs scored");

      RerankingRetriever all = RerankingRetriever.of(first, ce, TEXTS, 5);
      Ranking r5 = all.search(query(), 5).get(0);
      // d2 and d5 tie at 5: trec_eval order puts the larger id first.
      assertEquals(List.of("d5", "d2", "d3", "d4", "d1"), r5.docIds());
      assertArrayEquals(new double[] {5, 5, -5, -11, -16}, r5.scores());

      Retriever.Description d = all.describe();
      assertEquals(Similarity.CROSS_ENCODER, d.similarity());
      assertEquals(first.describe().memoryBytes(), d.memoryBytes());
      String p = d.provenance().canonical();
      assertTrue(p.startsWith("rerank{depth=5}(onnx-cross-encoder{"), p);
      assertTrue(p.contains("model=sha256:" + ce.modelSha256()) && p.endsWith("exact-dot{dimension=1,documents=5})"), p);

      all.close();
      assertTrue(first.closed, "the decorator closes its first stage");
      assertFalse(ce.isClosed(), "and leaves the shared cross-encoder open");
      assertEquals(1, ce.score("q", List.of("cats")).length);
    }
  }
}

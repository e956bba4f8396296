package dev.embedlab.interop.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.core.retrieval.Similarity;
import dev.embedlab.monitor.MeteredRetriever;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the LangChain4j contract does not pin: embedlab's non-finite policy, dimensions, the Retriever view. */
class EmbedlabEmbeddingStoreTest {

  private static Embedding e(float... v) {
    return Embedding.from(v);
  }

  private static EmbeddingSearchRequest query(float[] q, int k) {
    return EmbeddingSearchRequest.builder().queryEmbedding(Embedding.from(q)).maxResults(k).build();
  }

  @Test
  void nanAndInfinityAreRefusedOnAddAndSearchAndNothingIsStored() {
    EmbedlabEmbeddingStore s = new EmbedlabEmbeddingStore();
    s.add("a", e(1, 0, 0));
    IllegalArgumentException add = assertThrows(IllegalArgumentException.class,
        () -> s.addAll(List.of("b", "c"), List.of(e(0, 1, 0), e(0, Float.NaN, 0)), null));
    assertTrue(add.getMessage().contains("embeddings[1][1] must be finite"), add.getMessage());
    assertEquals(1, s.size(), "all or none: b was not stored either");
    assertThrows(IllegalArgumentException.class, () -> s.add(e(Float.POSITIVE_INFINITY, 0, 0)));
    IllegalArgumentException search = assertThrows(IllegalArgumentException.class,
        () -> s.search(query(new float[] {0, Float.NEGATIVE_INFINITY, 0}, 3)));
    assertTrue(search.getMessage().contains("queryEmbedding[1] must be finite"), search.getMessage());
  }

  @Test
  void dimensionsMustAgreeUntilTheStoreIsEmptied() {
    EmbedlabEmbeddingStore s = new EmbedlabEmbeddingStore();
    s.add("a", e(1, 0, 0));
    IllegalArgumentException add = assertThrows(IllegalArgumentException.class, () -> s.add("b", e(1, 0)));
    assertTrue(add.getMessage().contains("expected 3"), add.getMessage());
    IllegalArgumentException q = assertThrows(IllegalArgumentException.class, () -> s.search(query(new float[] {1, 0}, 1)));
    assertTrue(q.getMessage().contains("query has 2; the store holds 3"), q.getMessage());
    s.removeAll();
    s.add("b", e(1, 0));
    assertEquals("b", s.search(query(new float[] {1, 0}, 1)).matches().get(0).embeddingId());
  }

  @Test
  void scoresAreLangChain4jRelevanceAndTiesBreakByIdAsTrecEval() {
    EmbedlabEmbeddingStore s = new EmbedlabEmbeddingStore();
    s.add("x", e(1, 0));
    s.add("y", e(1, 0));
    s.add("z", e(-1, 0));
    s.add("w", e(0, 1));
    List<EmbeddingMatch<TextSegment>> m = s.search(query(new float[] {2, 0}, 4)).matches();
    assertEquals(List.of("y", "x", "w", "z"), m.stream().map(EmbeddingMatch::embeddingId).toList());
    assertEquals(List.of(1.0, 1.0, 0.5, 0.0), m.stream().map(EmbeddingMatch::score).toList());
  }

  @Test
  void theRetrieverViewRanksAsTheStoreAndCanBeMetered() {
    Toy.HashWords emb = new Toy.HashWords(256);
    EmbedlabEmbeddingStore s = new EmbedlabEmbeddingStore();
    List<String> texts = Toy.CORPUS.stream().map(Toy.Passage::text).toList();
    float[][] v = emb.embed(texts, dev.embedlab.core.Embedder.Role.DOCUMENT);
    for (int i = 0; i < v.length; i++) {
      s.add(Toy.CORPUS.get(i).id(), Embedding.from(v[i]));
    }
    float[] q = emb.embed(List.of(Toy.KIMCHI_QUESTION), dev.embedlab.core.Embedder.Role.QUERY)[0];
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Retriever r = MeteredRetriever.of(s.asRetriever(), registry);
    assertEquals(Similarity.COSINE, r.describe().similarity());
    Ranking ranking = r.search(Queries.ofVectors(new String[] {"q"}, new float[][] {q}), 4).get(0);
    List<EmbeddingMatch<TextSegment>> m = s.search(query(q, 4)).matches();
    assertEquals(ranking.docIds(), m.stream().map(EmbeddingMatch::embeddingId).toList());
    for (int i = 0; i < m.size(); i++) {
      assertEquals(ranking.score(i), VectorUtil.cosine(q, m.get(i).embedding().vector()), 1e-12);
      assertEquals((ranking.score(i) + 1) / 2, m.get(i).score(), 1e-12);
    }
    assertEquals("d1", ranking.docId(0));
    assertEquals(1.0, registry.get("embedlab.search.queries").counter().count());
  }

  @Test
  void anEmptyStoreAnswersNothingAndHasNoRetriever() {
    EmbedlabEmbeddingStore s = new EmbedlabEmbeddingStore();
    assertTrue(s.search(query(new float[] {1, 0}, 3)).matches().isEmpty());
    assertThrows(IllegalStateException.class, s::asRetriever);
  }
}

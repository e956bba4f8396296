package dev.embedlab.interop.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.eval.fusion.FusionRetriever;
import dev.embedlab.eval.fusion.RankFusion;
import dev.embedlab.eval.lexical.Bm25Index;
import dev.embedlab.monitor.MeteredRetriever;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.ai.document.Document;
import org.springframework.ai.rag.Query;
import org.springframework.ai.rag.retrieval.search.VectorStoreDocumentRetriever;

class EmbedlabDocumentRetrieverTest {

  private static List<String> ids(List<Document> docs) {
    return docs.stream().map(Document::getId).toList();
  }

  @Test
  void bm25RetrieverAnswersWithTheRankedDocumentsTheirMetadataAndScores() {
    try (Bm25Index bm25 = Toy.bm25()) {
      List<Document> got = EmbedlabDocumentRetriever.builder(bm25).documents(Toy.documents()).build()
          .retrieve(new Query(Toy.KIMCHI_QUESTION));
      Ranking expected = bm25.search(Queries.ofTexts(new String[] {"q"}, List.of(Toy.KIMCHI_QUESTION)), 4).get(0);
      assertEquals(expected.docIds(), ids(got));
      Document top = got.get(0);
      assertEquals("d1", top.getId());
      assertEquals(Toy.documents().get("d1").getText(), top.getText());
      assertEquals("kimchi.pdf", top.getMetadata().get("file"));
      assertEquals(2, top.getMetadata().get("page"));
      assertEquals(expected.score(0), top.getScore());
      assertEquals(expected.score(0), top.getMetadata().get(EmbedlabDocumentRetriever.SCORE));
    }
  }

  @Test
  void denseAndHybridRetrieversGetTheQueryEmbeddedWithTheQueryRole() {
    Toy.HashWords emb = new Toy.HashWords(512);
    Retriever exact = Toy.exact(emb);
    emb.roles.clear();
    List<Document> dense = EmbedlabDocumentRetriever.builder(exact).embedder(emb).documents(Toy.documents()).topK(3)
        .build().retrieve(new Query(Toy.KIMCHI_QUESTION));
    assertEquals(List.of(Embedder.Role.QUERY), emb.roles);
    assertEquals(3, dense.size());
    assertEquals("d1", dense.get(0).getId());
    assertTrue(dense.get(0).getScore() > dense.get(1).getScore());
    try (Bm25Index bm25 = Toy.bm25()) {
      Retriever hybrid = new FusionRetriever(RankFusion.rrf().build(), 10, false, List.of(bm25, exact));
      List<Document> fused = EmbedlabDocumentRetriever.builder(hybrid).embedder(emb).texts(Map.of(
          "d1", "one", "d2", "two", "d3", "three", "d4", "four", "d5", "five", "d6", "six")).topK(2).build()
          .retrieve(new Query(Toy.KIMCHI_QUESTION));
      assertEquals("d1", fused.get(0).getId());
      assertEquals("one", fused.get(0).getText(), "texts come from the caller's lookup");
      assertEquals(2, fused.size());
    }
  }

  @Test
  void similarityThresholdCutsOnTheRetrieversScale() {
    Toy.HashWords emb = new Toy.HashWords(512);
    Retriever exact = Toy.exact(emb);
    List<Document> all = EmbedlabDocumentRetriever.builder(exact).embedder(emb).documents(Toy.documents()).topK(6)
        .build().retrieve(new Query(Toy.KIMCHI_QUESTION));
    List<Document> cut = EmbedlabDocumentRetriever.builder(exact).embedder(emb).documents(Toy.documents()).topK(6)
        .similarityThreshold(all.get(1).getScore()).build().retrieve(new Query(Toy.KIMCHI_QUESTION));
    assertEquals(ids(all).subList(0, 2), ids(cut));
  }

  @Test
  void aFilterExpressionInTheQueryContextIsRefusedNotIgnored() {
    try (Bm25Index bm25 = Toy.bm25()) {
      EmbedlabDocumentRetriever r = EmbedlabDocumentRetriever.builder(bm25).documents(Toy.documents()).build();
      Query q = Query.builder().text("kimchi").context(Map.of(VectorStoreDocumentRetriever.FILTER_EXPRESSION, "file == 'x'"))
          .build();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.retrieve(q));
      assertTrue(e.getMessage().contains("cannot apply the filter expression"), e.getMessage());
    }
  }

  @Test
  void missingDocumentsAndMissingEmbeddersAreNamed() {
    try (Bm25Index bm25 = Toy.bm25()) {
      Map<String, Document> partial = new HashMap<>(Toy.documents());
      partial.remove("d1");
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> EmbedlabDocumentRetriever
          .builder(bm25).documents(partial).build().retrieve(new Query(Toy.KIMCHI_QUESTION)));
      assertTrue(e.getMessage().contains("'d1'"), e.getMessage());
    }
    Retriever exact = Toy.exact(new Toy.HashWords(16));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> EmbedlabDocumentRetriever
        .builder(exact).documents(Toy.documents()).build().retrieve(new Query("kimchi")));
    assertTrue(e.getMessage().contains("query embedder"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> EmbedlabDocumentRetriever.builder(exact).build());
    assertThrows(IllegalArgumentException.class, () -> EmbedlabDocumentRetriever.builder(exact).topK(0));
  }

  @Test
  void theMonitorDecoratorCountsTheApplicationsSearches() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Bm25Index bm25 = Toy.bm25()) {
      EmbedlabDocumentRetriever r = EmbedlabDocumentRetriever.builder(MeteredRetriever.of(bm25, registry, "app", "spring"))
          .documents(Toy.documents()).build();
      r.retrieve(new Query(Toy.KIMCHI_QUESTION));
      r.retrieve(new Query("Han River"));
      r.retrieve(new Query("qwertyuiop"));
      assertEquals(3.0, registry.get("embedlab.search.queries").tag("app", "spring").counter().count());
      assertEquals(1.0, registry.get("embedlab.search.empty").tag("app", "spring").counter().count());
    }
  }
}

package dev.embedlab.interop.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.Reranker;
import dev.embedlab.core.retrieval.RerankingRetriever;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.eval.fusion.FusionRetriever;
import dev.embedlab.eval.fusion.RankFusion;
import dev.embedlab.eval.lexical.Bm25Index;
import dev.embedlab.monitor.MeteredRetriever;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.query.Query;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EmbedlabContentRetrieverTest {

  private static List<String> ids(List<Content> contents) {
    return contents.stream().map(c -> c.textSegment().metadata().getString(EmbedlabContentRetriever.DOC_ID)).toList();
  }

  @Test
  void bm25RetrieverAnswersWithTheRankedPassagesTheirProvenanceAndScores() {
    try (Bm25Index bm25 = Toy.bm25()) {
      EmbedlabContentRetriever cr = EmbedlabContentRetriever.builder(bm25).segments(Toy.segments()).maxResults(2).build();
      List<Content> got = cr.retrieve(Query.from(Toy.KIMCHI_QUESTION));
      Ranking expected = bm25.search(Queries.ofTexts(new String[] {"q"}, List.of(Toy.KIMCHI_QUESTION)), 2).get(0);

      assertEquals(expected.docIds(), ids(got), "same documents, same order as the retriever itself");
      assertEquals("d1", ids(got).get(0));
      Content top = got.get(0);
      assertEquals(Toy.segments().get("d1").text(), top.textSegment().text());
      assertEquals("kimchi.pdf", top.textSegment().metadata().getString("file"));
      assertEquals(2, top.textSegment().metadata().getInteger("page"));
      assertEquals(expected.score(0), top.textSegment().metadata().getDouble(EmbedlabContentRetriever.SCORE));
      assertEquals(expected.score(0), (Double) top.metadata().get(ContentMetadata.SCORE));
      assertEquals("d1", top.metadata().get(ContentMetadata.EMBEDDING_ID));
      assertTrue(Toy.segments().get("d1").metadata().getString(EmbedlabContentRetriever.DOC_ID) == null,
          "the caller's segments are not mutated");
    }
  }

  @Test
  void denseRetrieverGetsTheQueryEmbeddedWithTheQueryRole() {
    Toy.HashWords emb = new Toy.HashWords(512);
    Retriever exact = Toy.exact(emb);
    emb.roles.clear();
    EmbedlabContentRetriever cr = EmbedlabContentRetriever.builder(exact).embedder(emb).segments(Toy.segments())
        .maxResults(3).build();
    List<Content> got = cr.retrieve(Query.from(Toy.KIMCHI_QUESTION));
    assertEquals(List.of(Embedder.Role.QUERY), emb.roles);
    assertEquals("d1", ids(got).get(0));
    assertEquals(3, got.size());
    double[] scores = got.stream().mapToDouble(c -> (Double) c.metadata().get(ContentMetadata.SCORE)).toArray();
    assertTrue(scores[0] > scores[1] && scores[1] >= scores[2], "best first: " + java.util.Arrays.toString(scores));
  }

  @Test
  void minScoreCutsOnTheRetrieversScale() {
    Toy.HashWords emb = new Toy.HashWords(512);
    Retriever exact = Toy.exact(emb);
    List<Content> all = EmbedlabContentRetriever.builder(exact).embedder(emb).segments(Toy.segments())
        .maxResults(6).build().retrieve(Query.from(Toy.KIMCHI_QUESTION));
    double second = (Double) all.get(1).metadata().get(ContentMetadata.SCORE);
    List<Content> cut = EmbedlabContentRetriever.builder(exact).embedder(emb).segments(Toy.segments())
        .maxResults(6).minScore(second).build().retrieve(Query.from(Toy.KIMCHI_QUESTION));
    assertEquals(ids(all).subList(0, 2), ids(cut), "hits scoring at least the second's score, no more");
    assertEquals(6, all.size());
  }

  @Test
  void hybridAndRerankedRetrieversWorkThroughTheSameAdapter() {
    Toy.HashWords emb = new Toy.HashWords(512);
    try (Bm25Index bm25 = Toy.bm25()) {
      Retriever hybrid = new FusionRetriever(RankFusion.rrf().build(), 10, false, List.of(bm25, Toy.exact(emb)));
      List<Content> got = EmbedlabContentRetriever.builder(hybrid).embedder(emb).segments(Toy.segments()).build()
          .retrieve(Query.from(Toy.KIMCHI_QUESTION));
      assertEquals("d1", ids(got).get(0));
      assertEquals(3, got.size());

      // A reranker that prefers passages mentioning chili: d5 and d1 both do, d5 is shorter.
      Map<String, String> texts = Toy.segments().entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().text()));
      Reranker chili = (q, docs) -> docs.stream().mapToDouble(d -> d.contains("chili") ? 100.0 / d.length() : 0).toArray();
      Retriever reranked = RerankingRetriever.of(hybrid, chili, texts, 6);
      List<Content> rr = EmbedlabContentRetriever.builder(reranked).embedder(emb).segments(Toy.segments()).maxResults(2)
          .build().retrieve(Query.from(Toy.KIMCHI_QUESTION));
      assertEquals(List.of("d5", "d1"), ids(rr));
    }
  }

  @Test
  void aVectorRetrieverWithoutAnEmbedderSaysWhatIsMissing() {
    Retriever exact = Toy.exact(new Toy.HashWords(64));
    EmbedlabContentRetriever cr = EmbedlabContentRetriever.builder(exact).segments(Toy.segments()).build();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> cr.retrieve(Query.from("kimchi")));
    assertTrue(e.getMessage().contains("query embedder"), e.getMessage());
  }

  @Test
  void aDocumentTheLookupDoesNotKnowIsAnErrorNamingIt() {
    try (Bm25Index bm25 = Toy.bm25()) {
      Map<String, TextSegment> partial = new HashMap<>(Toy.segments());
      partial.remove("d1");
      EmbedlabContentRetriever cr = EmbedlabContentRetriever.builder(bm25).segments(partial).build();
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> cr.retrieve(Query.from(Toy.KIMCHI_QUESTION)));
      assertTrue(e.getMessage().contains("'d1'"), e.getMessage());
    }
  }

  @Test
  void aQueryEmbedderGivingNaNIsRefused() {
    Toy.HashWords good = new Toy.HashWords(8);
    Embedder nan = new Embedder() {
      @Override
      public float[][] embed(List<String> texts, Role role) {
        float[][] v = good.embed(texts, role);
        v[0][3] = Float.NaN;
        return v;
      }

      @Override
      public int dimension() {
        return 8;
      }

      @Override
      public String id() {
        return "nan";
      }
    };
    EmbedlabContentRetriever cr = EmbedlabContentRetriever.builder(Toy.exact(good)).embedder(nan)
        .segments(Toy.segments()).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cr.retrieve(Query.from("kimchi")));
    assertTrue(e.getMessage().contains("must be finite"), e.getMessage());
  }

  @Test
  void builderRefusesBadOptions() {
    Retriever exact = Toy.exact(new Toy.HashWords(8));
    assertThrows(IllegalArgumentException.class, () -> EmbedlabContentRetriever.builder(null));
    assertThrows(IllegalArgumentException.class, () -> EmbedlabContentRetriever.builder(exact).maxResults(0));
    assertThrows(IllegalArgumentException.class, () -> EmbedlabContentRetriever.builder(exact).minScore(Double.NaN));
    assertThrows(IllegalStateException.class, () -> EmbedlabContentRetriever.builder(exact).build());
    assertThrows(IllegalArgumentException.class, () -> EmbedlabContentRetriever.builder(exact).texts(Map.of("d1", " ")));
  }

  @Test
  void theMonitorDecoratorCountsTheApplicationsSearches() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Bm25Index bm25 = Toy.bm25()) {
      MeteredRetriever metered = MeteredRetriever.of(bm25, registry, "app", "rag");
      EmbedlabContentRetriever cr = EmbedlabContentRetriever.builder(metered).segments(Toy.segments()).build();
      cr.retrieve(Query.from(Toy.KIMCHI_QUESTION));
      cr.retrieve(Query.from("zzzz unknownword"));
      assertEquals(2.0, registry.get("embedlab.search.queries").tag("app", "rag").counter().count());
      assertEquals(1.0, registry.get("embedlab.search.empty").tag("app", "rag").counter().count(),
          "a query matching no term is an empty result");
      assertEquals(2L, registry.get("embedlab.search.latency").tag("app", "rag").timer().count());
    }
  }
}

package dev.embedlab.interop.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.ann.LuceneHnswRetriever;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.data.Document;
import dev.embedlab.eval.fusion.FusionRetriever;
import dev.embedlab.eval.fusion.RankFusion;
import dev.embedlab.eval.lexical.Bm25Index;
import dev.embedlab.eval.lexical.LexicalAnalyzer;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.query.Query;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The configurations a Korean bake-off picks — BM25 with the Nori analyser, a Lucene HNSW index, and
 * their RRF fusion — answer through the same LangChain4j adapter, ranking as they do when measured.
 */
class KoreanHnswHybridContentRetrieverTest {
  private static final Map<String, String> TEXTS = new LinkedHashMap<>();

  static {
    TEXTS.put("k1", "김치는 배추를 소금에 절여 고춧가루와 마늘로 양념한 뒤 발효시킨 음식이다");
    TEXTS.put("k2", "한강은 서울을 가로질러 황해로 흘러간다");
    TEXTS.put("k3", "진해의 벚꽃은 매년 사월 관광객을 끌어모은다");
    TEXTS.put("k4", "비빔밥은 밥 위에 나물과 고기와 달걀을 올려 고추장에 비벼 먹는다");
  }

  private static final String QUESTION = "김치는 어떻게 발효시키나요?";

  private static Map<String, TextSegment> segments() {
    Map<String, TextSegment> m = new LinkedHashMap<>();
    TEXTS.forEach((id, t) -> m.put(id, TextSegment.from(t, Metadata.from(Map.of("file", id + ".docx", "page", 1)))));
    return m;
  }

  private static List<String> ids(List<Content> c) {
    return c.stream().map(x -> x.textSegment().metadata().getString(EmbedlabContentRetriever.DOC_ID)).toList();
  }

  @Test
  void noriBm25HnswAndTheirFusionRankAsMeasured() throws Exception {
    Toy.HashWords emb = new Toy.HashWords(256);
    String[] docIds = TEXTS.keySet().toArray(new String[0]);
    float[][] vectors = emb.embed(new ArrayList<>(TEXTS.values()), Embedder.Role.DOCUMENT);
    List<Document> docs = new ArrayList<>();
    TEXTS.forEach((id, t) -> docs.add(new Document(id, "", t)));
    try (Bm25Index nori = Bm25Index.builder().analyzer(LexicalAnalyzer.KOREAN).build(docs);
        LuceneHnswRetriever hnsw = LuceneHnswRetriever.builder().build(docIds, vectors);
        FusionRetriever hybrid = new FusionRetriever(RankFusion.rrf().build(), 10, false, List.of(nori, hnsw))) {
      float[][] qv = emb.embed(List.of(QUESTION), Embedder.Role.QUERY);
      Queries measured = Queries.of(new String[] {"q"}, List.of(QUESTION), qv);
      for (dev.embedlab.core.retrieval.Retriever r : List.of(nori, hnsw, hybrid)) {
        Ranking expected = r.search(measured, 2).get(0);
        List<Content> got = EmbedlabContentRetriever.builder(r).embedder(emb).segments(segments()).maxResults(2)
            .build().retrieve(Query.from(QUESTION));
        assertEquals(expected.docIds(), ids(got), r.describe().name() + " ranks through the adapter as measured");
        assertEquals("k1", ids(got).get(0), r.describe().name());
        assertTrue(got.get(0).textSegment().text().startsWith("김치는"), r.describe().name());
        assertEquals("k1.docx", got.get(0).textSegment().metadata().getString("file"));
      }
    }
  }
}

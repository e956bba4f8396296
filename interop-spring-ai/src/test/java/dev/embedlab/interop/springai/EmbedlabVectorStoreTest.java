package dev.embedlab.interop.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.monitor.MeteredRetriever;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.filter.Filter;

class EmbedlabVectorStoreTest {

  private static EmbedlabVectorStore filled(Embedder e) {
    EmbedlabVectorStore s = EmbedlabVectorStore.of(e);
    s.add(new ArrayList<>(Toy.documents().values()));
    return s;
  }

  private static List<String> ids(List<Document> docs) {
    return docs.stream().map(Document::getId).toList();
  }

  private static List<String> search(EmbedlabVectorStore s, String query, int k, String filter) {
    SearchRequest.Builder b = SearchRequest.builder().query(query).topK(k);
    if (filter != null) {
      b.filterExpression(filter);
    }
    return ids(s.similaritySearch(b.build()));
  }

  /** Returns whatever the inner embedder does, except component 0 of every vector is set to {@code value}. */
  private static Embedder poisoned(Embedder inner, float value, Embedder.Role when) {
    return new Embedder() {
      @Override
      public float[][] embed(List<String> texts, Role role) {
        float[][] v = inner.embed(texts, role);
        if (role == when) {
          v[v.length - 1][0] = value;
        }
        return v;
      }

      @Override
      public int dimension() {
        return inner.dimension();
      }

      @Override
      public String id() {
        return "poisoned";
      }
    };
  }

  @Test
  void searchRanksByCosineAsTheRetrieverViewAndEmbedsWithRoles() {
    Toy.HashWords emb = new Toy.HashWords(512);
    EmbedlabVectorStore s = filled(emb);
    assertEquals(List.of(Embedder.Role.DOCUMENT), emb.roles);
    List<Document> hits = s.similaritySearch(SearchRequest.builder().query(Toy.KIMCHI_QUESTION).topK(3).build());
    assertEquals(Embedder.Role.QUERY, emb.roles.get(1));
    assertEquals(3, hits.size());
    assertEquals("d1", hits.get(0).getId());
    assertEquals("kimchi.pdf", hits.get(0).getMetadata().get("file"));

    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Retriever r = MeteredRetriever.of(s.asRetriever(), registry);
    float[][] q = emb.embed(List.of(Toy.KIMCHI_QUESTION), Embedder.Role.QUERY);
    Ranking ranking = r.search(Queries.ofVectors(new String[] {"q"}, q), 3).get(0);
    assertEquals(ranking.docIds(), ids(hits), "the store and its Retriever view rank alike");
    for (int i = 0; i < hits.size(); i++) {
      assertEquals(ranking.score(i), hits.get(i).getScore(), 0.0);
    }
    assertEquals(1.0, registry.get("embedlab.search.queries").counter().count());
  }

  @Test
  void thresholdDropsLowScoresButTheAcceptAllDefaultKeepsNegativeCosines() {
    Embedder signs = new Embedder() {
      @Override
      public float[][] embed(List<String> texts, Role role) {
        return texts.stream().map(t -> t.startsWith("-") ? new float[] {-1, 0} : t.startsWith("0")
            ? new float[] {0, 1} : new float[] {1, 0}).toArray(float[][]::new);
      }

      @Override
      public int dimension() {
        return 2;
      }

      @Override
      public String id() {
        return "signs";
      }
    };
    EmbedlabVectorStore s = EmbedlabVectorStore.of(signs);
    s.add(List.of(new Document("p", "+ plus", Map.of()), new Document("z", "0 zero", Map.of()),
        new Document("n", "- minus", Map.of())));
    assertEquals(List.of("p", "z", "n"), search(s, "+ query", 10, null), "accept all: cosine -1 kept");
    assertEquals(List.of("p", "z", "n").subList(0, 1),
        ids(s.similaritySearch(SearchRequest.builder().query("+ q").topK(10).similarityThreshold(0.5).build())));
    assertEquals(-1.0, s.similaritySearch(SearchRequest.builder().query("+ q").topK(3).build()).get(2).getScore());
  }

  @Test
  void filterExpressionsOfTheSupportedSubsetSelectByMetadata() {
    EmbedlabVectorStore s = filled(new Toy.HashWords(512));
    assertEquals(List.of("d5"), search(s, Toy.KIMCHI_QUESTION, 6, "file == 'food.pdf'"));
    assertEquals(List.of("d1", "d5"), search(s, Toy.KIMCHI_QUESTION, 6, "page >= 2 && file in ['kimchi.pdf', 'food.pdf']"));
    assertEquals(List.of("d6"), search(s, Toy.KIMCHI_QUESTION, 6, "page > 2 && page < 5"));
    assertEquals(5, search(s, Toy.KIMCHI_QUESTION, 6, "file != 'food.pdf'").size());
    assertEquals(List.of("d1", "d5", "d6"), search(s, Toy.KIMCHI_QUESTION, 6, "NOT (page == 1)").stream().sorted().toList());
    assertEquals(List.of(), search(s, Toy.KIMCHI_QUESTION, 6, "missing == 'x'"));
    assertEquals(6, search(s, Toy.KIMCHI_QUESTION, 6, "file nin ['x.pdf'] || page == 1").size());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.similaritySearch(
        SearchRequest.builder().query("kimchi").filterExpression(new Filter.Expression(Filter.ExpressionType.EQ,
            new Filter.Value(1), new Filter.Key("page"))).build()));
    assertTrue(e.getMessage().contains("key on the left"), e.getMessage());
  }

  @Test
  void deleteByIdAndByFilter() {
    EmbedlabVectorStore s = filled(new Toy.HashWords(512));
    s.delete(List.of("d1", "unknown"));
    assertEquals(5, s.size());
    s.delete(new Filter.Expression(Filter.ExpressionType.EQ, new Filter.Key("page"), new Filter.Value(1)));
    assertEquals(List.of("d5", "d6"), search(s, "chili Jinhae", 6, null).stream().sorted().toList());
    assertEquals(2, s.size());
  }

  @Test
  void nanOrInfiniteVectorsAreRefusedAndNothingIsStored() {
    Toy.HashWords words = new Toy.HashWords(32);
    EmbedlabVectorStore bad = EmbedlabVectorStore.of(poisoned(words, Float.NaN, Embedder.Role.DOCUMENT));
    IllegalArgumentException add = assertThrows(IllegalArgumentException.class,
        () -> bad.add(new ArrayList<>(Toy.documents().values())));
    assertTrue(add.getMessage().contains("document 'd6' vector[0] must be finite; value=NaN (from poisoned)"),
        add.getMessage());
    assertEquals(0, bad.size());

    EmbedlabVectorStore badQuery = EmbedlabVectorStore.of(poisoned(words, Float.POSITIVE_INFINITY, Embedder.Role.QUERY));
    badQuery.add(new ArrayList<>(Toy.documents().values()));
    IllegalArgumentException q = assertThrows(IllegalArgumentException.class, () -> search(badQuery, "kimchi", 3, null));
    assertTrue(q.getMessage().contains("query vector[0] must be finite; value=Infinity (from poisoned)"), q.getMessage());
  }

  @Test
  void precomputedDocumentVectorsAreStoredWithoutEmbeddingAgainAndChecked() {
    Toy.HashWords emb = new Toy.HashWords(128);
    List<Document> docs = new ArrayList<>(Toy.documents().values());
    float[][] measured = emb.embed(docs.stream().map(Document::getText).toList(), Embedder.Role.DOCUMENT);
    emb.roles.clear();
    EmbedlabVectorStore s = EmbedlabVectorStore.of(emb);
    s.addEmbedded(docs, measured);
    assertEquals(List.of(), emb.roles, "documents are not embedded again");
    measured[0][0] = 99; // the store copied the rows
    EmbedlabVectorStore fresh = filled(emb);
    assertEquals(search(fresh, Toy.KIMCHI_QUESTION, 6, null), search(s, Toy.KIMCHI_QUESTION, 6, null));

    float[][] bad = new float[docs.size()][128];
    bad[2][5] = Float.NEGATIVE_INFINITY;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EmbedlabVectorStore.of(emb).addEmbedded(docs, bad));
    assertTrue(e.getMessage().contains("document 'd3' vector[5] must be finite; value=-Infinity (given to addEmbedded)"), e.getMessage());
    IllegalArgumentException dim = assertThrows(IllegalArgumentException.class,
        () -> EmbedlabVectorStore.of(emb).addEmbedded(docs.subList(0, 1), new float[][] {{1, 0}}));
    assertTrue(dim.getMessage().contains("has dimension 2; expected 128"), dim.getMessage());
    assertThrows(IllegalArgumentException.class, () -> EmbedlabVectorStore.of(emb).addEmbedded(docs, new float[1][]));
  }
}

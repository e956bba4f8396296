package dev.embedlab.models.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ranking by head-to-head wins on shared tasks, coverage, filters and errors, on a hand-computed toy extract. */
class AdvisorTest {
  private static final double TOL = 1e-12;

  private static final List<PublishedTask> TASKS = List.of(
      new PublishedTask("T1", "ko", "retrieval", "test", "default", "ndcg_at_10"),
      new PublishedTask("T2", "ko", "retrieval", "test", "default", "ndcg_at_10"),
      new PublishedTask("T3", "ko", "retrieval", "test", "default", "ndcg_at_10"),
      new PublishedTask("S1", "ko", "sts", "test", "default", "cosine_spearman"),
      new PublishedTask("E1", "en", "retrieval", "test", "default", "ndcg_at_10"));

  /**
   * Wins (other model x shared task), minTasks = 2 of 3:
   * A vs B: T1 win, T2 loss, T3 win; A vs D: T2 win, T3 loss -> A 3/5 = 0.6.
   * B vs A 1/3, B vs D 1/2 -> 2/5 = 0.4. D vs A 1/2, D vs B 1/2 -> 2/4 = 0.5.
   * C has only T1 (unranked): beats A and B there -> 2/2. B's mean (0.533) beats D's (0.375), yet D
   * wins more head-to-heads: the mean over own tasks would rank them the other way.
   */
  private static MtebExtract toy() {
    return new MtebExtract(new MtebExtract.Source("https://example.org/results", "abc123", "CC0-1.0", "cmd"), TASKS,
        List.of(
            model("org/A", 500_000_000L, 1024, true, Map.of("T1", 0.9, "T2", 0.5, "T3", 0.3)),
            model("org/B", 100_000_000L, 384, true, Map.of("T1", 0.8, "T2", 0.6, "T3", 0.2)),
            model("openai/C", null, 1536, false, Map.of("T1", 0.95)),
            model("org/D", 120_000_000L, 768, true, Map.of("T2", 0.4, "T3", 0.35)),
            model("org/E", 50_000_000L, 256, true, Map.of("E1", 0.7))),
        List.of());
  }

  private static PublishedModel model(String name, Long params, Integer dim, Boolean open, Map<String, Double> s) {
    Map<String, Double> ordered = new LinkedHashMap<>();
    TASKS.forEach(t -> {
      if (s.containsKey(t.name())) {
        ordered.put(t.name(), s.get(t.name()));
      }
    });
    return new PublishedModel(name, "rev1", params, dim, 512, open, "mit", List.of(), ordered, Map.of());
  }

  @Test
  void ranksByHeadToHeadWinsOnSharedTasksNotByOwnMean() {
    Shortlist s = new Advisor(toy()).advise(AdviceQuery.of("ko", "retrieval"));
    assertEquals(3, s.tasks().size());
    assertEquals(2, s.minTasks());
    assertEquals(List.of("org/A", "org/D", "org/B"), s.ranked().stream().map(e -> e.model().name()).toList());
    assertEquals(List.of(1, 2, 3), s.ranked().stream().map(Shortlist.Entry::rank).toList());
    assertEquals(0.6, s.ranked().get(0).winRate(), TOL);
    assertEquals(5, s.ranked().get(0).comparisons());
    assertEquals(0.5, s.ranked().get(1).winRate(), TOL);
    assertEquals(0.4, s.ranked().get(2).winRate(), TOL);
    assertEquals((0.4 + 0.35) / 2, s.ranked().get(1).mean(), TOL);
    assertEquals((0.8 + 0.6 + 0.2) / 3, s.ranked().get(2).mean(), TOL);
    assertEquals(2, s.ranked().get(1).tasksCovered());
  }

  @Test
  void modelsWithTooFewTasksAreListedApartWithTheirWinsAgainstTheRanked() {
    Shortlist s = new Advisor(toy()).advise(AdviceQuery.of("ko", "retrieval"));
    assertEquals(1, s.unranked().size());
    Shortlist.Entry c = s.unranked().get(0);
    assertEquals("openai/C", c.model().name());
    assertEquals(0, c.rank());
    assertEquals(1.0, c.winRate(), TOL);
    assertEquals(2, c.comparisons(), "only A and B share T1 with C");
    assertEquals("openai:C", c.candidate().orElseThrow());
    assertTrue(s.entry("org/E").isEmpty(), "a model with no task of the query is not listed");
  }

  @Test
  void tiesCountHalf() {
    PublishedModel x = model("org/X", 1L, 1, true, Map.of("T1", 0.5, "T2", 0.5));
    PublishedModel y = model("org/Y", 1L, 1, true, Map.of("T1", 0.5, "T2", 0.4, "T3", 0.9));
    Advisor.HeadToHead h = Advisor.headToHead(x, y, TASKS);
    assertEquals(1, h.wins());
    assertEquals(1, h.ties());
    assertEquals(2, h.shared());
    assertEquals("T2", h.widest().orElseThrow().name());
    Shortlist s = new Advisor(new MtebExtract(toy().source(), TASKS, List.of(x, y), List.of()))
        .advise(AdviceQuery.of("ko", "retrieval"));
    assertEquals(0.75, s.entry("org/X").orElseThrow().winRate(), TOL);
    assertEquals(0.25, s.entry("org/Y").orElseThrow().winRate(), TOL);
  }

  @Test
  void filtersLeaveModelsOutWithTheReasonAndUnknownSizesToo() {
    Advisor a = new Advisor(toy());
    Shortlist small = a.advise(AdviceQuery.of("ko", "retrieval").withMaxParams(150_000_000L));
    assertEquals(List.of("org/B", "org/D"), small.ranked().stream().map(e -> e.model().name()).toList(),
        "without A, B and D win one shared task each (T2, T3); the tie goes to B's higher mean");
    assertTrue(small.excluded().contains("org/A: more than 150M parameters"), small.excluded().toString());
    assertTrue(small.excluded().contains("openai/C: parameter count unknown"), small.excluded().toString());
    Shortlist narrow = a.advise(AdviceQuery.of("ko", "retrieval").withMaxDim(768).withOpenWeightsOnly());
    assertEquals(List.of("org/B", "org/D"), narrow.ranked().stream().map(e -> e.model().name()).toList());
    assertTrue(narrow.excluded().contains("openai/C: weights not public"), narrow.excluded().toString());
    assertTrue(narrow.excluded().contains("org/A: more than 768 dimensions"), narrow.excluded().toString());
  }

  @Test
  void unknownLanguageOrTaskTypeListsWhatExists() {
    Advisor a = new Advisor(toy());
    IllegalArgumentException lang = assertThrows(IllegalArgumentException.class,
        () -> a.advise(AdviceQuery.of("fr", "retrieval")));
    assertEquals("unknown language \"fr\"; the extract has en, ko", lang.getMessage());
    IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
        () -> a.advise(AdviceQuery.of("en", "sts")));
    assertEquals("unknown task type \"sts\" for language en; it has retrieval", type.getMessage());
  }

  @Test
  void bakeOffCandidateNames() {
    assertEquals("all-minilm-l6-v2", BakeOffCandidates.of(model("sentence-transformers/all-MiniLM-L6-v2", 1L, 1,
        true, Map.of())).orElseThrow());
    assertEquals("hf:intfloat/multilingual-e5-small", BakeOffCandidates.of(model("intfloat/multilingual-e5-small", 1L,
        1, true, Map.of())).orElseThrow());
    assertEquals("cohere:embed-multilingual-v3.0", BakeOffCandidates.of(model("Cohere/Cohere-embed-multilingual-v3.0",
        null, 1, false, Map.of())).orElseThrow());
    assertEquals("voyage:voyage-3", BakeOffCandidates.of(model("voyageai/voyage-3", null, 1, false, Map.of()))
        .orElseThrow());
    assertEquals("gemini:gemini-embedding-001", BakeOffCandidates.of(model("google/gemini-embedding-001", null, 1,
        false, Map.of())).orElseThrow());
    assertTrue(BakeOffCandidates.of(model("acme/closed", null, 1, false, Map.of())).isEmpty());
  }
}

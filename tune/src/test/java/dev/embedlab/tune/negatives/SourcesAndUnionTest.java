package dev.embedlab.tune.negatives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.data.Run;
import dev.embedlab.data.ScoredDoc;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourcesAndUnionTest {

  @Test
  void runCandidatesFollowTrecOrderIncludingTies() {
    // tie at 0.5 between "b" and "c": trec_eval breaks ties by doc id descending, so "c" first
    Run run = Run.of(Map.of("q", List.of(new ScoredDoc("b", 0.5), new ScoredDoc("a", 0.9), new ScoredDoc("c", 0.5))));
    List<Candidate> c = RunCandidates.of(run).candidates("q");
    assertEquals(List.of("a", "c", "b"), c.stream().map(Candidate::docId).toList());
    assertEquals(List.of(), RunCandidates.of(run).candidates("unknown"));
  }

  @Test
  void rankingCandidatesAreTheRunCandidatesOfTheSameHits() {
    Ranking r = new Ranking("q", new String[] {"a", "c", "b"}, new double[] {0.9, 0.5, 0.5});
    Run run = Run.of(List.of(r));
    assertEquals(RunCandidates.of(run).candidates("q"), RunCandidates.of(List.of(r)).candidates("q"));
    assertEquals(List.of(), RunCandidates.of(List.of(r)).candidates("unknown"));
    IllegalArgumentException twice = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> RunCandidates.of(List.of(r, r)));
    assertTrue(twice.getMessage().contains("query id q appears twice"), twice.getMessage());
  }

  @Test
  void vectorScorerGivesTheDotProductOrNothing() {
    VectorPositiveScorer s = new VectorPositiveScorer(Map.of("q", new float[] {0.6f, 0.8f}),
        Map.of("p", new float[] {1, 0}));
    assertEquals(0.6, s.score("q", "p").getAsDouble(), 1e-7);
    assertTrue(s.score("q", "x").isEmpty());
    assertTrue(s.score("x", "p").isEmpty());
  }

  @Test
  void unionTakesFirstThenSecondWithoutDuplicatesUpToTheCap() {
    Map<String, List<String>> rel = new LinkedHashMap<>();
    rel.put("q1", List.of("p"));
    rel.put("q2", List.of("p2"));
    CandidateSource dense = CandidateSource.fromMap(Map.of(
        "q1", List.of(new Candidate("p", 0.9), new Candidate("a", 0.8), new Candidate("b", 0.7))));
    CandidateSource bm25 = CandidateSource.fromMap(Map.of(
        "q1", List.of(new Candidate("b", 12), new Candidate("c", 11), new Candidate("d", 10)),
        "q2", List.of(new Candidate("x", 3))));
    HardNegativeMiner m = HardNegativeMiner.builder().maxPerPair(2).build();
    MiningResult r1 = m.mine(rel, dense);
    MiningResult r2 = m.mine(rel, bm25);
    MiningResult u = MiningResult.union(r1, r2, 3);
    assertEquals(List.of("a", "b", "c"), u.pairs().get(0).negativeIds());
    assertEquals(List.of("x"), u.pairs().get(1).negativeIds());
    assertEquals(4, u.stats().negativesKept());
    assertEquals(r1.stats().candidatesSeen() + r2.stats().candidatesSeen(), u.stats().candidatesSeen());
    // r1 kept a,b; r2 kept b,c (+x): b taken twice -> one counted as capped
    assertEquals(r1.stats().droppedByCap() + r2.stats().droppedByCap() + 1, u.stats().droppedByCap());
  }
}

package dev.embedlab.bakeoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.eval.metrics.Measure;
import dev.embedlab.eval.regression.MtebResult;
import dev.embedlab.eval.regression.MtebResultWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class BakeOffMtebTest {

  @Test
  void aCandidatesMeansBecomeAnMtebRetrievalResultThatReadsBack() {
    BakeOffResult r = BakeOff.builder().dataset(FakeEmbedders.dataset(12))
        .candidate(Candidate.of("bow", () -> new FakeEmbedders.Bow("bow", 512)))
        .measures(List.of(Measure.ndcg(10), Measure.recall(100), Measure.mrr(10), Measure.rPrecision()))
        .latencyQueries(2).build().run();
    List<MtebResult> mteb = BakeOffMteb.results(r, "bow", "MyTask", "MyPairs", List.of("eng-Latn"));
    assertEquals(1, mteb.size(), "no pair set, no pair result: " + mteb);
    MtebResult m = mteb.get(0);
    assertEquals(List.of("ndcg_at_10", "recall_at_100", "mrr_at_10"), List.copyOf(m.scores().keySet()),
        "R-precision has no MTEB name and is left out");
    assertEquals("ndcg_at_10", m.mainMetric());
    assertEquals(r.candidate("bow").orElseThrow().quality().mean("nDCG@10"), m.mainScore(), 0.0);
    MtebResult back = MtebResult.parse("bow.json", MtebResultWriter.toJson(m), "test", "default");
    assertEquals(m.scores(), back.scores());
    assertEquals("MyTask", back.taskName());
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> BakeOffMteb.results(r, "nope", "T", null, List.of()));
    assertTrue(none.getMessage().contains("[bow]"), none.getMessage());
  }
}

package dev.embedlab.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.data.Qrels;
import dev.embedlab.eval.metrics.Measure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A probe that cannot measure anything is refused at build; it never alerts on its own misconfiguration. */
class QualityProbeMisconfigurationTest {
  final Fixtures f = new Fixtures(200, 16, 12, 0.5, 7);

  private QualityProbe.Builder probe(Queries q, Qrels qrels, List<Alert> alerts) {
    return QualityProbe.builder("p", Fixtures.exact(f.docIds, f.docs), q, qrels).registry(new SimpleMeterRegistry())
        .alert(AlertRule.below(Measure.recall(5), 0.5)).listener(alerts::add);
  }

  @Test
  void emptyQrelsAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> probe(f.labelled(), Qrels.of(Map.of()), new ArrayList<>()).build());
    assertTrue(e.getMessage().contains("empty qrels"), e.getMessage());
  }

  @Test
  void noQueriesAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> probe(Queries.ofVectors(new String[0], new float[0][]), f.qrels, new ArrayList<>()).build());
    assertTrue(e.getMessage().contains("has no queries"), e.getMessage());
  }

  @Test
  void queryIdsThatMatchNoJudgmentAreRefusedNotAlertedOn() {
    String[] other = new String[f.queryIds.length];
    for (int i = 0; i < other.length; i++) {
      other[i] = "Q-" + i; // the qrels say q0..q11
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> probe(Queries.ofVectors(other, f.queries), f.qrels, new ArrayList<>()).build());
    assertTrue(e.getMessage().contains("none of its 12 query ids has a relevant judgment"), e.getMessage());
  }

  @Test
  void judgedQueriesTheProbeDoesNotAskDoNotCountAsZero() {
    Qrels.Builder qb = Qrels.builder();
    f.qrels.asMap().forEach((q, docs) -> docs.forEach((d, rel) -> qb.add(q, d, rel)));
    for (int i = 0; i < 50; i++) {
      qb.add("never-asked-" + i, "d0", 1); // would count as Recall 0 and drag the mean below the threshold
    }
    List<Alert> alerts = new ArrayList<>();
    QualityProbe p = probe(f.labelled(), qb.build(), alerts).build();
    QualityProbe.ProbeRun run = p.runNow();
    assertEquals(12, run.result().queryIds().size());
    assertTrue(run.mean(Measure.recall(5)) > 0.5, "measured on the asked queries: " + run.mean(Measure.recall(5)));
    assertTrue(alerts.isEmpty(), "no alert: " + alerts);
  }
}

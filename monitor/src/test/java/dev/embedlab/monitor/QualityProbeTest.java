package dev.embedlab.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.eval.metrics.Measure;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class QualityProbeTest {

  /** A live retriever whose implementation is swapped, as a deployment would. */
  static final class Switchable implements Retriever {
    final AtomicReference<Retriever> current;

    Switchable(Retriever r) {
      current = new AtomicReference<>(r);
    }

    @Override
    public List<Ranking> search(Queries q, int k) {
      return current.get().search(q, k);
    }

    @Override
    public Description describe() {
      return current.get().describe();
    }
  }

  @Test
  void alertFiresWhenTheLiveRetrieverIsSwappedForBinaryCodesWithoutRescoring() {
    Fixtures f = new Fixtures(2000, 64, 120, 1.5, 42);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Switchable live = new Switchable(Fixtures.exact(f.docIds, f.docs));
    List<Alert> alerts = new ArrayList<>();
    QualityProbe probe = QualityProbe.builder("fixture", MeteredRetriever.of(live, registry), f.labelled(), f.qrels)
        .registry(registry)
        .alert(AlertRule.below(Measure.recall(5), 0.8))
        .alert(AlertRule.dropFromBaseline(Measure.ndcg(10), 0.01, 0.02, 7))
        .listener(alerts::add)
        .build();
    QualityProbe.ProbeRun healthy = probe.runNow();
    double r5 = healthy.mean(Measure.recall(5));
    System.out.printf("float32 exact: Recall@5 %.4f nDCG@10 %.4f%n", r5, healthy.mean(Measure.ndcg(10)));
    assertTrue(r5 >= 0.8, "the healthy system passes: " + r5);
    assertTrue(alerts.isEmpty(), "no alert on the healthy system: " + alerts);
    assertEquals(r5, registry.get("embedlab.quality").tag("measure", Measure.recall(5).label()).gauge().value(), 0);

    live.current.set(Fixtures.binaryNoRescore(f.docIds, f.docs)); // the regression
    QualityProbe.ProbeRun degraded = probe.runNow();
    System.out.printf("binary, no rescoring: Recall@5 %.4f nDCG@10 %.4f%n", degraded.mean(Measure.recall(5)),
        degraded.mean(Measure.ndcg(10)));
    assertEquals(2, alerts.size(), "both rules fire: " + alerts);
    Alert below = alerts.get(0);
    assertEquals(Measure.recall(5), below.measure());
    assertTrue(below.observed() < 0.8);
    assertFalse(below.failingQueries().isEmpty());
    for (Alert.QueryValue q : below.failingQueries()) {
      assertTrue(q.value() < 0.8 && f.qrels.queryIds().contains(q.queryId()), q.toString());
    }
    Alert drop = alerts.get(1);
    assertTrue(drop.pValue() < 0.01, "significant: p=" + drop.pValue());
    assertTrue(drop.observed() < drop.reference() - 0.02);
    Alert.QueryValue worst = drop.failingQueries().get(0);
    assertTrue(worst.value() < worst.reference());
    System.out.println(below.summary());
    System.out.println(drop.summary());
    assertEquals(2.0, registry.get("embedlab.quality.alerts").counter().count());
    assertEquals(degraded.mean(Measure.recall(5)),
        registry.get("embedlab.quality").tag("measure", Measure.recall(5).label()).gauge().value(), 0);
    assertEquals(2, probe.history().size());
    assertEquals(healthy, probe.baseline());
    assertEquals(120.0, registry.get("embedlab.search.queries").tag("retriever", "exact-float32").counter().count(),
        "the retriever was metered");
    assertEquals(120.0, registry.get("embedlab.search.queries").tag("retriever", "binary").counter().count(),
        "the swapped retriever is its own series");
    assertTrue(Metrics.globalRegistry.getMeters().isEmpty(), "nothing registered globally");
  }

  @Test
  void aNoisyButUnchangedSystemRaisesNoDropAlert() {
    Fixtures f = new Fixtures(2000, 64, 120, 1.5, 42);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    List<Alert> alerts = new ArrayList<>();
    QualityProbe probe = QualityProbe.builder("same", Fixtures.exact(f.docIds, f.docs), f.labelled(), f.qrels)
        .registry(registry).alert(AlertRule.dropFromBaseline(Measure.ndcg(10), 0.01, 0.0, 7)).listener(alerts::add)
        .build();
    for (int i = 0; i < 3; i++) {
      probe.runNow();
    }
    assertTrue(alerts.isEmpty(), alerts.toString());
  }

  @Test
  void runsOnTheCallersSchedulerAndKeepsABoundedHistory() throws Exception {
    Fixtures f = new Fixtures(200, 16, 20, 0.5, 1);
    QualityProbe probe = QualityProbe.builder("sched", Fixtures.exact(f.docIds, f.docs), f.labelled(), f.qrels)
        .registry(new SimpleMeterRegistry()).historySize(3).build();
    ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor();
    try {
      ScheduledFuture<?> fut = probe.schedule(ex, Duration.ZERO, Duration.ofMillis(20));
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (probe.history().size() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      Thread.sleep(100);
      fut.cancel(false);
      assertEquals(3, probe.history().size(), "bounded at 3");
      assertNotNull(probe.baseline());
    } finally {
      ex.shutdownNow();
    }
  }

  @Test
  void refusesARuleOnAnUnmeasuredMeasureAndAMissingRegistry() {
    Fixtures f = new Fixtures(20, 8, 2, 0.5, 1);
    assertThrows(IllegalArgumentException.class, () -> QualityProbe.builder("x", Fixtures.exact(f.docIds, f.docs),
        f.labelled(), f.qrels).registry(new SimpleMeterRegistry()).alert(AlertRule.below(Measure.mrr(10), 0.5)).build());
    assertThrows(IllegalArgumentException.class, () -> QualityProbe.builder("x", Fixtures.exact(f.docIds, f.docs),
        f.labelled(), f.qrels).build());
  }
}

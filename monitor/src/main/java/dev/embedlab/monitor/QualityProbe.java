package dev.embedlab.monitor;

import dev.embedlab.core.Checks;
import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.data.Qrels;
import dev.embedlab.eval.metrics.EvaluationResult;
import dev.embedlab.eval.metrics.Measure;
import dev.embedlab.eval.metrics.RankingEvaluator;
import dev.embedlab.eval.stats.PairedComparison;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A labelled query set run against a live {@link Retriever}, on demand ({@link #runNow()}) or on a
 * schedule ({@link #schedule}, on an executor the caller owns): each run evaluates the measures
 * (default Recall@5 and nDCG@10, trec_eval semantics from {@code eval.metrics}), records their means
 * as gauges {@code embedlab.quality{probe, measure}}, keeps a bounded history, and checks the
 * {@link AlertRule}s, calling the listeners with each {@link Alert} (also counted in
 * {@code embedlab.quality.alerts}). The first successful run becomes the baseline unless one is set
 * with {@link #setBaseline}. Runs are serialised. A run that throws is counted in
 * {@code embedlab.quality.failures} and logged; a scheduled probe keeps its schedule.
 *
 * <p><b>No alert on a misconfiguration.</b> A probe whose judgments cannot measure anything would
 * report Recall@5 = 0.0 and alert on "0 failing queries". {@link Builder#build()} therefore refuses
 * empty qrels, no queries, and queries none of which has a relevant judgment, naming what is missing;
 * it logs a warning for probe queries without a relevant judgment (trec_eval leaves them out of the
 * means) and drops, with a warning, judged queries the probe does not ask (they would count as 0).
 */
public final class QualityProbe {
  private static final Logger LOG = LoggerFactory.getLogger(QualityProbe.class);

  /**
   * One run of the probe.
   *
   * @param time when it ran
   * @param result per-query values of every measure
   * @param alerts the alerts it raised
   * @param millis how long search and evaluation took
   */
  public record ProbeRun(Instant time, EvaluationResult result, List<Alert> alerts, double millis) {
    public ProbeRun {
      alerts = List.copyOf(alerts);
    }

    /** Mean of {@code m} over the probe's queries. */
    public double mean(Measure m) {
      return result.mean(m);
    }
  }

  private final String name;
  private final Retriever retriever;
  private final Queries queries;
  private final Qrels qrels;
  private final List<Measure> measures;
  private final RankingEvaluator evaluator;
  private final int depth;
  private final List<AlertRule> rules;
  private final List<AlertListener> listeners;
  private final Clock clock;
  private final int historySize;
  private final ArrayDeque<ProbeRun> history = new ArrayDeque<>();
  private final Map<Measure, AtomicReference<Double>> latest = new LinkedHashMap<>();
  private final Counter alertsCounter;
  private final Counter failures;
  private final Timer duration;
  private ProbeRun baseline;

  private QualityProbe(Builder b) {
    this.name = b.name;
    this.retriever = b.retriever;
    this.queries = b.queries;
    this.qrels = b.qrels;
    this.measures = List.copyOf(b.measures);
    this.evaluator = RankingEvaluator.of(measures);
    int d = 1;
    for (Measure m : measures) {
      d = Math.max(d, m.isUncut() ? 1000 : m.k());
    }
    this.depth = d;
    this.rules = List.copyOf(b.rules);
    this.listeners = List.copyOf(b.listeners);
    this.clock = b.clock;
    this.historySize = b.historySize;
    for (Measure m : measures) {
      AtomicReference<Double> ref = new AtomicReference<>(Double.NaN);
      latest.put(m, ref);
      Gauge.builder("embedlab.quality", ref, r -> r.get()).description("mean of a quality measure on the probe's"
          + " labelled queries").tag("probe", name).tag("measure", m.label()).register(b.registry);
    }
    alertsCounter = Counter.builder("embedlab.quality.alerts").tag("probe", name).register(b.registry);
    failures = Counter.builder("embedlab.quality.failures").tag("probe", name).register(b.registry);
    duration = Timer.builder("embedlab.quality.duration").tag("probe", name).register(b.registry);
  }

  /**
   * A builder.
   *
   * @param name the probe's name (a tag on its meters)
   * @param retriever the live retriever
   * @param queries the labelled queries (texts and/or vectors, as the retriever needs)
   * @param qrels their relevance judgments, restricted at build to the probe's queries (see the class doc)
   */
  public static Builder builder(String name, Retriever retriever, Queries queries, Qrels qrels) {
    return new Builder(name, retriever, queries, qrels);
  }

  /** Runs the probe now: search, evaluate, record, alert. */
  public synchronized ProbeRun runNow() {
    long t0 = System.nanoTime();
    Instant time = clock.instant();
    EvaluationResult result;
    try {
      result = evaluator.evaluate(qrels, retriever.search(queries, depth));
    } catch (RuntimeException e) {
      failures.increment();
      throw e;
    }
    for (Measure meas : measures) {
      latest.get(meas).set(result.mean(meas));
    }
    List<Alert> alerts = new ArrayList<>();
    for (AlertRule rule : rules) {
      Alert a = check(rule, result, time);
      if (a != null) {
        alerts.add(a);
      }
    }
    long nanos = System.nanoTime() - t0;
    duration.record(nanos, TimeUnit.NANOSECONDS);
    ProbeRun run = new ProbeRun(time, result, alerts, nanos / 1e6);
    if (baseline == null) {
      baseline = run;
    }
    history.addLast(run);
    while (history.size() > historySize) {
      history.removeFirst();
    }
    for (Alert a : alerts) {
      alertsCounter.increment();
      for (AlertListener l : listeners) {
        try {
          l.onAlert(a);
        } catch (RuntimeException e) {
          LOG.warn("alert listener {} threw on {}: {}", l, a.summary(), e.toString());
        }
      }
    }
    return run;
  }

  private Alert check(AlertRule rule, EvaluationResult now, Instant time) {
    Measure m = rule.measure();
    if (!measures.contains(m)) {
      throw new IllegalStateException("rule " + rule + " watches " + m.label() + ", which this probe does not measure "
          + measures);
    }
    double mean = now.mean(m);
    if (rule instanceof AlertRule.Below b) {
      if (mean >= b.threshold()) {
        return null;
      }
      List<Alert.QueryValue> failing = new ArrayList<>();
      for (String q : now.queryIds()) {
        double v = now.value(m, q);
        if (v < b.threshold()) {
          failing.add(new Alert.QueryValue(q, v, b.threshold()));
        }
      }
      failing.sort(Comparator.comparingDouble(Alert.QueryValue::value).thenComparing(Alert.QueryValue::queryId));
      return new Alert(name, time, m.label() + " below " + b.threshold(), m, mean, b.threshold(), Double.NaN, failing);
    }
    AlertRule.Drop d = (AlertRule.Drop) rule;
    if (baseline == null) {
      return null;
    }
    EvaluationResult base = baseline.result();
    PairedComparison pc = PairedComparison.of(now, base, m);
    if (pc.meanDifference() >= -d.minDrop()) {
      return null;
    }
    double p = pc.permutationPValue(10_000, d.seed());
    if (p >= d.alpha()) {
      return null;
    }
    List<Alert.QueryValue> failing = new ArrayList<>();
    for (String q : now.queryIds()) {
      double v = now.value(m, q);
      double b = base.value(m, q);
      if (v < b) {
        failing.add(new Alert.QueryValue(q, v, b));
      }
    }
    failing.sort(Comparator.comparingDouble((Alert.QueryValue x) -> x.value() - x.reference())
        .thenComparing(Alert.QueryValue::queryId));
    return new Alert(name, time, m.label() + " dropped against the baseline of " + baseline.time(), m, mean,
        base.mean(m), p, failing);
  }

  /**
   * Runs the probe every {@code period} on {@code executor} (owned by the caller), first after
   * {@code initialDelay}. Cancel the returned future to stop.
   */
  public ScheduledFuture<?> schedule(ScheduledExecutorService executor, Duration initialDelay, Duration period) {
    if (executor == null || initialDelay == null || period == null || period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("executor, initialDelay and a positive period are required; period=" + period);
    }
    return executor.scheduleAtFixedRate(() -> {
      try {
        runNow();
      } catch (RuntimeException e) {
        LOG.warn("quality probe {} failed: {}", name, e.toString()); // keep the schedule
      }
    }, initialDelay.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Makes {@code run} (one of this probe's runs) the baseline for drop alerts. */
  public synchronized void setBaseline(ProbeRun run) {
    this.baseline = Checks.notNull("run", run);
  }

  /** The baseline run, or null before the first run. */
  public synchronized ProbeRun baseline() {
    return baseline;
  }

  /** The last runs, oldest first (at most the history size). */
  public synchronized List<ProbeRun> history() {
    return List.copyOf(history);
  }

  /** The probe's name. */
  public String name() {
    return name;
  }

  /** The measures, in order. */
  public List<Measure> measures() {
    return measures;
  }

  /** Builder of a {@link QualityProbe}. */
  public static final class Builder {
    private final String name;
    private final Retriever retriever;
    private final Queries queries;
    private Qrels qrels;
    private List<Measure> measures = List.of(Measure.recall(5), Measure.ndcg(10));
    private final List<AlertRule> rules = new ArrayList<>();
    private final List<AlertListener> listeners = new ArrayList<>();
    private MeterRegistry registry;
    private Clock clock = Clock.systemUTC();
    private int historySize = 90;

    private Builder(String name, Retriever retriever, Queries queries, Qrels qrels) {
      if (name == null || name.isBlank() || retriever == null || queries == null || qrels == null) {
        throw new IllegalArgumentException("name, retriever, queries and qrels are required; name=" + name);
      }
      this.name = name;
      this.retriever = retriever;
      this.queries = queries;
      this.qrels = qrels;
    }

    /** The measures; default Recall@5 and nDCG@10. */
    public Builder measures(Measure... ms) {
      if (ms.length == 0) {
        throw new IllegalArgumentException("at least one measure is required");
      }
      this.measures = List.of(ms);
      return this;
    }

    /** The registry for the gauges (required). */
    public Builder registry(MeterRegistry r) {
      this.registry = r;
      return this;
    }

    /** Adds an alert rule. */
    public Builder alert(AlertRule rule) {
      rules.add(java.util.Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /** Adds a listener. */
    public Builder listener(AlertListener l) {
      listeners.add(java.util.Objects.requireNonNull(l, "listener"));
      return this;
    }

    /** The clock stamping runs; default UTC system clock. */
    public Builder clock(Clock c) {
      this.clock = java.util.Objects.requireNonNull(c, "clock");
      return this;
    }

    /** Runs kept in the history; default 90. */
    public Builder historySize(int n) {
      this.historySize = Checks.atLeast("historySize", n, 1);
      return this;
    }

    /**
     * @throws IllegalArgumentException when the registry is missing, a rule watches an unmeasured
     *     measure, or the queries and judgments cannot measure anything (no queries, empty qrels, or
     *     no query with a relevant judgment)
     */
    public QualityProbe build() {
      if (registry == null) {
        throw new IllegalArgumentException("registry must be set (nothing is registered globally)");
      }
      checkJudgments();
      for (AlertRule r : rules) {
        if (!measures.contains(r.measure())) {
          throw new IllegalArgumentException("rule watches " + r.measure().label() + ", not among the measures "
              + measures);
        }
      }
      return new QualityProbe(this);
    }

    /** Refuses judgments that measure nothing; warns about partial mismatches (class doc). */
    private void checkJudgments() {
      if (queries.size() == 0) {
        throw new IllegalArgumentException("probe " + name + " has no queries: it would measure nothing and alert"
            + " on every run");
      }
      if (qrels.size() == 0) {
        throw new IllegalArgumentException("probe " + name + " has empty qrels (no judgments): every measure would be"
            + " 0 and every run would alert");
      }
      java.util.Set<String> asked = new java.util.LinkedHashSet<>();
      List<String> unjudged = new ArrayList<>();
      for (int i = 0; i < queries.size(); i++) {
        asked.add(queries.id(i));
        if (qrels.numRelevant(queries.id(i)) == 0) {
          unjudged.add(queries.id(i));
        }
      }
      if (unjudged.size() == asked.size()) {
        throw new IllegalArgumentException("probe " + name + ": none of its " + asked.size() + " query ids has a"
            + " relevant judgment in the qrels (queries " + first(unjudged) + "; qrels hold " + first(
                new ArrayList<>(qrels.queryIds())) + "): the ids do not match, and every run would alert");
      }
      if (!unjudged.isEmpty()) {
        LOG.warn("probe {}: {} of {} queries have no relevant judgment and are left out of the means: {}", name,
            unjudged.size(), asked.size(), first(unjudged));
      }
      List<String> notAsked = new ArrayList<>();
      for (String q : qrels.queryIds()) {
        if (!asked.contains(q)) {
          notAsked.add(q);
        }
      }
      if (!notAsked.isEmpty()) {
        LOG.warn("probe {}: {} judged queries are not among its queries and are ignored (they would count as 0): {}",
            name, notAsked.size(), first(notAsked));
        qrels = qrels.restrictTo(asked);
      }
    }

    private static String first(List<String> ids) {
      return ids.size() <= 5 ? ids.toString() : ids.subList(0, 5) + " and " + (ids.size() - 5) + " more";
    }
  }
}

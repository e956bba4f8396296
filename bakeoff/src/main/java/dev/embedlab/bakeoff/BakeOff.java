package dev.embedlab.bakeoff;

import dev.embedlab.core.retrieval.IndexFactory;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.UsageReporting;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.eval.data.Document;
import dev.embedlab.eval.data.PairDataset;
import dev.embedlab.eval.data.Query;
import dev.embedlab.eval.data.RetrievalDataset;
import dev.embedlab.eval.data.Run;
import dev.embedlab.eval.metrics.EvaluationResult;
import dev.embedlab.eval.metrics.Measure;
import dev.embedlab.eval.metrics.PairMetrics;
import dev.embedlab.eval.metrics.RankingEvaluator;
import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.RerankingRetriever;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.eval.search.ExactSearch;
import dev.embedlab.eval.search.ScoreBackend;
import dev.embedlab.eval.stats.ConfidenceInterval;
import dev.embedlab.eval.stats.Holm;
import dev.embedlab.eval.stats.PairedComparison;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs several candidate embedders on one retrieval set (and optionally one sentence-pair set) and
 * returns one comparable, immutable {@link BakeOffResult}.
 *
 * <p>Per candidate, in order: build the embedder with its factory (timed: load time); embed one
 * document untimed (first-call warm-up); embed the corpus ({@code title + " " + text},
 * {@link Role#DOCUMENT}) and the queries ({@link Role#QUERY})
 * in chunks, reporting progress; L2-normalise (so inner product = cosine); retrieve the top
 * {@code k} (default 100) documents per query by exact search ({@link ExactSearch}, trec_eval tie
 * order); evaluate Recall@1/3/5/10, MRR@10, nDCG@10 and MAP@k as {@code trec_eval -c}
 * ({@link RankingEvaluator}); time {@link Builder#latencyQueries(int)} queries one by one (embed
 * + search); embed the pair set if any (both sides {@link Builder#pairRole(Role)}) and compute
 * Spearman/Pearson of cosine vs. gold score ({@link PairMetrics}, equal to scipy) and ROC-AUC vs.
 * binary label (equal to scikit-learn); read truncation counts when the embedder implements
 * {@link UsageReporting}; close the embedder.
 *
 * <p>Then the best candidate on the primary measure (default nDCG@10) is compared with each other
 * one per query: mean difference, percentile-bootstrap CI and two-sided paired randomisation test
 * ({@link PairedComparison}), with p-values Holm-adjusted over the {@code N−1} comparisons
 * ({@link Holm}). Comparing against the observed best is a post-hoc choice; Holm keeps the
 * family-wise error of the {@code N−1} tests at α, and the report says so.
 *
 * <pre>{@code
 * BakeOffResult r = BakeOff.builder()
 *     .dataset(BeirDatasets.load(Path.of("../shared/data/scifact"), "test"))
 *     .candidate(Candidate.of("minilm", () -> myEmbedder()))
 *     .progress(ConsoleProgress.toStderr())
 *     .build().run();
 * }</pre>
 *
 * Instances are immutable; {@link #run()} may be called again (it rebuilds every embedder).
 */
public final class BakeOff {

  /** Cuts of the recall@k curve (those ≤ k are used). */
  private static final int[] CURVE_CUTS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20, 30, 40, 50, 70, 100,
      200, 500, 1000};

  private final RetrievalDataset dataset;
  private final PairDataset pairDataset;
  private final List<Candidate> candidates;
  private final int k;
  private final int chunkSize;
  private final int latencyQueries;
  private final int warmupQueries;
  private final Measure primary;
  private final Settings.SignificanceSettings significance;
  private final boolean excludeIdenticalIds;
  private final boolean normalize;
  private final int searchThreads;
  private final Role pairRole;
  private final ProgressListener progress;
  private final Clock clock;
  private final String version;
  private final Map<String, Map<String, String>> queryTags;
  private final boolean slicing;
  private final boolean truncationProbe;
  private final List<String> notes;
  private final List<Measure> chosenMeasures;
  private final java.util.function.BiConsumer<String, Run> runSink;

  private BakeOff(Builder b) {
    this.dataset = b.dataset;
    this.pairDataset = b.pairDataset;
    this.candidates = List.copyOf(b.candidates);
    this.k = b.k;
    this.chunkSize = b.chunkSize;
    this.latencyQueries = b.latencyQueries;
    this.warmupQueries = b.warmupQueries;
    this.primary = b.primary;
    this.significance = new Settings.SignificanceSettings(b.level, b.resamples, b.seed, b.alpha);
    this.excludeIdenticalIds = b.excludeIdenticalIds;
    this.normalize = b.normalize;
    this.searchThreads = b.searchThreads;
    this.pairRole = b.pairRole;
    this.progress = b.progress;
    this.clock = b.clock;
    this.version = b.version != null ? b.version : detectVersion();
    this.queryTags = Map.copyOf(b.queryTags);
    this.slicing = b.slicing;
    this.truncationProbe = b.truncationProbe;
    this.notes = List.copyOf(b.notes);
    this.chosenMeasures = b.measures == null ? null : List.copyOf(b.measures);
    this.runSink = b.runSink;
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The measures every bake-off reports, in report order. */
  List<Measure> measures() {
    if (chosenMeasures != null) {
      Set<Measure> ms = new LinkedHashSet<>(chosenMeasures);
      ms.add(primary);
      return List.copyOf(ms);
    }
    return defaultMeasures(primary, k);
  }

  /**
   * The measures a bake-off reports by default: Recall@1/3/5/10, MRR@10, nDCG@10, MAP@k, plus
   * {@code primary} when it is not among them (shared with the distributed bake-off).
   */
  public static List<Measure> defaultMeasures(Measure primary, int k) {
    Set<Measure> ms = new LinkedHashSet<>(List.of(Measure.recall(1), Measure.recall(3),
        Measure.recall(5), Measure.recall(10), Measure.mrr(10), Measure.ndcg(10), Measure.map(k)));
    ms.add(primary);
    return List.copyOf(ms);
  }

  /** The recall@c cuts of the report's recall curve, {@code c <= k}. */
  public static List<Measure> recallCurve(int k) {
    List<Measure> curve = new ArrayList<>();
    for (int c : CURVE_CUTS) {
      if (c <= k) {
        curve.add(Measure.recall(c));
      }
    }
    return curve;
  }

  /**
   * Runs every candidate and compares them.
   *
   * @throws IllegalStateException if an embedder returns vectors of the wrong count or dimension,
   *     or a hybrid names a candidate that did not run
   */
  public BakeOffResult run() {
    Instant started = clock.instant();
    long t0 = System.nanoTime();
    List<Measure> measures = measures();
    List<Measure> curve = recallCurve(k);
    List<Measure> all = new ArrayList<>(measures);
    all.addAll(curve);
    RankingEvaluator evaluator = RankingEvaluator.of(all);

    List<String> docTexts = new ArrayList<>(dataset.corpus().size());
    String[] docIds = new String[dataset.corpus().size()];
    for (int i = 0; i < docIds.length; i++) {
      Document d = dataset.corpus().get(i);
      docTexts.add(d.titleAndText());
      docIds[i] = d.id();
    }
    List<String> queryTexts = new ArrayList<>(dataset.queries().size());
    String[] queryIds = new String[dataset.queries().size()];
    for (int i = 0; i < queryIds.length; i++) {
      Query q = dataset.queries().get(i);
      queryTexts.add(q.text());
      queryIds[i] = q.id();
    }
    Texts texts = new Texts(docTexts, docIds, queryTexts, queryIds);

    warmUpBlas();
    Map<String, Outcome> done = new LinkedHashMap<>();
    for (Candidate c : candidates) {
      if (c.kind() == Candidate.Kind.DENSE && !done.containsKey(c.name())) {
        // Every candidate of this embedding group shares one embedding pass.
        List<Candidate> group = candidates.stream().filter(x -> x.kind() == Candidate.Kind.DENSE
            && x.embeddingGroup().equals(c.embeddingGroup())).toList();
        done.putAll(runDenseGroup(group, texts, evaluator, measures, curve));
      } else if (c.kind() == Candidate.Kind.LEXICAL) {
        done.put(c.name(), runRetriever(c, texts, evaluator, measures, curve));
      }
    }
    String bestDense = null;
    for (Outcome o : done.values()) {
      if (o.kind == Candidate.Kind.DENSE && (bestDense == null
          || o.result.quality().mean(primary.label()) > done.get(bestDense).result.quality().mean(primary.label()))) {
        bestDense = o.result.name();
      }
    }
    for (Candidate c : candidates) {
      if (c.kind() == Candidate.Kind.HYBRID) {
        done.put(c.name(), runHybrid(c, done, bestDense, evaluator, measures, curve));
      }
    }
    List<CandidateResult> results = new ArrayList<>();
    List<double[]> perQueryPrimary = new ArrayList<>();
    for (Candidate c : candidates) {
      Outcome o = done.get(c.name());
      results.add(o.result);
      perQueryPrimary.add(o.eval.values(primary));
      if (runSink != null) {
        runSink.accept(c.name(), o.run);
      }
    }

    String best = null;
    int bestIdx = -1;
    for (int i = 0; i < results.size(); i++) {
      double m = results.get(i).quality().mean(primary.label());
      if (bestIdx < 0 || m > results.get(bestIdx).quality().mean(primary.label())) {
        bestIdx = i;
      }
    }
    List<Comparison> comparisons = new ArrayList<>();
    if (bestIdx >= 0) {
      best = results.get(bestIdx).name();
      comparisons = compareWithBest(results, perQueryPrimary, bestIdx, significance);
    }
    List<Slice> slices = slicing ? slices(done, measures) : List.of();
    List<TruncationProbe> probes = new ArrayList<>();
    if (truncationProbe && bestDense != null) {
      TruncationProbe p = probe(done.get(bestDense), texts, evaluator);
      if (p != null) {
        probes.add(p);
      }
    }
    double total = (System.nanoTime() - t0) / 1e9;
    RunInfo run = new RunInfo(version,
        System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
            + System.getProperty("java.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch"),
        Runtime.getRuntime().availableProcessors(), started, total);
    Settings settings = new Settings(k, measures.stream().map(Measure::label).toList(), primary.label(),
        latencyQueries, excludeIdenticalIds, significance);
    DatasetInfo ds = new DatasetInfo(dataset.id(), dataset.licence(), dataset.source(),
        dataset.corpus().size(), dataset.queries().size(), dataset.qrels().size(), dataset.warnings());
    DatasetInfo ps = pairDataset == null ? null : new DatasetInfo(pairDataset.id(), pairDataset.licence(),
        pairDataset.source(), 0, pairDataset.size(), 0, List.of());
    return new BakeOffResult(run, settings, ds, ps, results, best, comparisons, slices, probes, notes);
  }

  /** Corpus and query texts and ids, in data set order. */
  private record Texts(List<String> docs, String[] docIds, List<String> queries, String[] queryIds) {}

  /** One candidate's result with what later steps need: its evaluation and run. */
  private record Outcome(CandidateResult result, EvaluationResult eval, Run run, Candidate.Kind kind,
      Candidate candidate) {}

  /** Groups queries by each tag with at least two values; every candidate's means per group. */
  private List<Slice> slices(Map<String, Outcome> done, List<Measure> measures) {
    Map<String, Map<String, String>> tags = QueryTags.resolve(dataset.queries(), dataset.corpus(),
        dataset.qrels(), queryTags);
    List<String> evaluated = done.values().iterator().next().eval.queryIds();
    Map<String, Map<String, List<String>>> groups = new LinkedHashMap<>();
    for (String q : evaluated) {
      for (Map.Entry<String, String> t : tags.getOrDefault(q, Map.of()).entrySet()) {
        groups.computeIfAbsent(t.getKey(), x -> new LinkedHashMap<>())
            .computeIfAbsent(t.getValue(), x -> new ArrayList<>()).add(q);
      }
    }
    List<Slice> out = new ArrayList<>();
    for (Map.Entry<String, Map<String, List<String>>> g : groups.entrySet()) {
      if (g.getValue().size() < 2) {
        continue;
      }
      String dim = g.getKey();
      boolean detected = dim.equals(QueryTags.CROSS_LINGUAL) || dim.equals(QueryTags.LANGUAGE)
          && queryTags.values().stream().noneMatch(m -> m.containsKey(QueryTags.LANGUAGE));
      for (Map.Entry<String, List<String>> v : g.getValue().entrySet()) {
        Map<String, Map<String, Double>> means = new LinkedHashMap<>();
        for (Candidate c : candidates) {
          EvaluationResult ev = done.get(c.name()).eval;
          Map<String, Double> m = new LinkedHashMap<>();
          for (Measure me : measures) {
            double sum = 0;
            for (String q : v.getValue()) {
              sum += ev.value(me, q);
            }
            m.put(me.label(), sum / v.getValue().size());
          }
          means.put(c.name(), m);
        }
        out.add(new Slice(dim, v.getKey(), detected ? "detected" : "data set", v.getValue(), means));
      }
    }
    return out;
  }

  /**
   * Re-runs the candidate at a longer maximum length (twice the length, at most 512) when some of
   * its documents were cut, else nothing; falls back to half the length when the longer one cannot
   * be built.
   */
  private TruncationProbe probe(Outcome o, Texts texts, RankingEvaluator evaluator) {
    Candidate c = o.candidate;
    Footprint fp = o.result.footprint();
    if (c.atMaxLength() == null || fp.truncatedDocuments() <= 0 || fp.maxLength() < 2) {
      return null;
    }
    int base = fp.maxLength();
    List<Integer> lengths = new ArrayList<>();
    if (Math.min(2 * base, 512) > base) {
      lengths.add(Math.min(2 * base, 512));
    }
    lengths.add(Math.max(2, base / 2));
    for (int len : lengths) {
      Embedder e;
      try {
        e = c.atMaxLength().apply(len);
      } catch (IllegalArgumentException | IllegalStateException ex) {
        continue;
      }
      if (e == null) {
        continue;
      }
      try (e) {
        UsageReporting usage = e instanceof UsageReporting u ? u : null;
        if (usage != null) {
          usage.resetUsage();
        }
        String label = c.name() + "@" + len;
        float[][] docs = embedAll(label, e, texts.docs(), Role.DOCUMENT, "corpus", "docs");
        long cut = usage != null ? usage.usage().truncatedTexts() : -1;
        float[][] queries = embedAll(label, e, texts.queries(), Role.QUERY, "queries", "queries");
        List<Ranking> hits = ExactSearch.builder().k(k).excludeIdenticalIds(excludeIdenticalIds)
            .threads(searchThreads).build().search(queries, texts.queryIds(), docs, texts.docIds());
        double q = evaluator.evaluate(dataset.qrels(), Run.of(hits)).mean(primary);
        return new TruncationProbe(c.name(), base, fp.truncatedDocuments(),
            o.result.quality().mean(primary.label()), len, cut, q);
      }
    }
    return null;
  }

  /** Mean per measure, recall curve and per-query primary values of one evaluation. */
  private Quality quality(EvaluationResult ev, List<Measure> measures, List<Measure> curve) {
    Map<String, Double> means = new LinkedHashMap<>();
    for (Measure m : measures) {
      means.put(m.label(), ev.mean(m));
    }
    Map<Integer, Double> rc = new TreeMap<>();
    for (Measure m : curve) {
      rc.put(m.k(), ev.mean(m));
    }
    return new Quality(ev.numQueries(), means, new TreeMap<>(rc), ev.perQuery(primary));
  }

  /** A non-embedder candidate: index (timed as the corpus pass), retrieve, time single queries. */
  private Outcome runRetriever(Candidate c, Texts texts, RankingEvaluator evaluator, List<Measure> measures,
      List<Measure> curve) {
    long start = System.nanoTime();
    if (!dataset.corpus().isEmpty()) {
      // One-off set-up (e.g. loading Nori's dictionary) is load time, as a model's first call is.
      try (Retriever warm = c.index().build(input(texts, null, 1))) {
        if (warm != null && texts.queryIds().length > 0) {
          warm.search(Queries.ofTexts(new String[] {texts.queryIds()[0]}, List.of(texts.queries().get(0))), 1);
        }
      }
    }
    double load = (System.nanoTime() - start) / 1e9;
    long indexStart = System.nanoTime();
    progress.start(c.name() + " index", texts.docs().size(), "docs");
    Retriever built = c.index().build(input(texts, null, texts.docs().size()));
    progress.advance(texts.docs().size());
    progress.finish();
    double indexSeconds = (System.nanoTime() - indexStart) / 1e9;
    if (built == null) {
      throw new IllegalStateException("candidate " + c.name() + ": index factory returned null");
    }
    try (Retriever r = withReranker(c, built, texts)) {
      Queries all = Queries.ofTexts(texts.queryIds(), texts.queries());
      long t = System.nanoTime();
      Run run = Run.of(searchAll(r, all));
      double searchSeconds = (System.nanoTime() - t) / 1e9;
      EvaluationResult ev = evaluator.evaluate(dataset.qrels(), run);
      Latency latency = latency(q -> searchAll(r, Queries.ofTexts(new String[] {texts.queryIds()[q]},
          List.of(texts.queries().get(q)))), texts.queryIds().length);
      Retriever.Description d = r.describe();
      long bytes = d.memoryBytes();
      Footprint fp = new Footprint(0, 0, -1, -1, 0, bytes,
          bytes >= 0 ? "inverted index, no vectors" : "no vectors; index size not measurable");
      double total = (System.nanoTime() - start) / 1e9;
      Timing timing = new Timing(load, indexSeconds, indexSeconds > 0 ? texts.docs().size() / indexSeconds : 0,
          0, searchSeconds, total);
      Map<String, String> props = new LinkedHashMap<>(c.properties());
      String modelId = props.containsKey("modelId") ? props.remove("modelId") : c.name();
      props.put("index", c.indexLabel());
      props.put("retriever", d.provenance().canonical());
      CandidateInfo info = new CandidateInfo(c.name(), modelId, c.description(), c.sha256(), false, props);
      return new Outcome(new CandidateResult(info, fp, timing, latency,
          quality(ev, measures, curve), null), ev, run, Candidate.Kind.LEXICAL, c);
    }
  }

  private IndexFactory.Input input(Texts texts, float[][] vectors, int docs) {
    return new IndexFactory.Input(java.util.Arrays.copyOf(texts.docIds(), docs), texts.docs().subList(0, docs), vectors,
        searchThreads);
  }

  /** The candidate's retriever, behind its reranker when it has one (the reranker closes with it). */
  private Retriever withReranker(Candidate c, Retriever r, Texts texts) {
    if (c.reranker() == null) {
      return r;
    }
    dev.embedlab.core.retrieval.Reranker rr = c.reranker().get();
    Map<String, String> docText = new java.util.HashMap<>();
    for (int i = 0; i < texts.docIds().length; i++) {
      docText.put(texts.docIds()[i], texts.docs().get(i));
    }
    RerankingRetriever inner = RerankingRetriever.of(r, rr, docText, c.rerankDepth());
    return new Retriever() {
      @Override
      public List<Ranking> search(Queries queries, int k) {
        return inner.search(queries, k);
      }

      @Override
      public Description describe() {
        return inner.describe();
      }

      @Override
      public void close() {
        try {
          inner.close();
        } finally {
          try {
            rr.close();
          } catch (Exception e) {
            throw new IllegalStateException("closing reranker of " + c.name() + " failed", e);
          }
        }
      }
    };
  }

  /**
   * Searches every query for the top {@code k}; with {@code excludeIdenticalIds} one more is asked
   * for and a document whose id equals its query's is dropped (BEIR's ignore_identical_ids), for
   * every kind of retriever alike.
   */
  private List<Ranking> searchAll(Retriever r, Queries qs) {
    if (!excludeIdenticalIds) {
      return r.search(qs, k);
    }
    List<Ranking> raw = r.search(qs, k + 1);
    List<Ranking> out = new ArrayList<>(raw.size());
    for (Ranking rk : raw) {
      List<String> ids = new ArrayList<>();
      List<Double> sc = new ArrayList<>();
      for (int i = 0; i < rk.size() && ids.size() < k; i++) {
        if (!rk.docId(i).equals(rk.queryId())) {
          ids.add(rk.docId(i));
          sc.add(rk.score(i));
        }
      }
      out.add(new Ranking(rk.queryId(), ids.toArray(String[]::new), sc.stream().mapToDouble(Double::doubleValue).toArray()));
    }
    return out;
  }

  /** Times {@code one.accept(q)} for the first queries, after untimed warm-up calls. */
  private Latency latency(java.util.function.IntConsumer one, int queries) {
    int n = Math.min(latencyQueries, queries);
    double[] ms = new double[n];
    for (int i = -Math.min(warmupQueries, n); i < n; i++) {
      int q = i < 0 ? i + Math.min(warmupQueries, n) : i;
      long t = System.nanoTime();
      one.accept(q);
      if (i >= 0) {
        ms[i] = (System.nanoTime() - t) / 1e6;
      }
    }
    return Latency.ofMillis(ms);
  }

  /** A fusion of earlier candidates' runs; speed, latency and footprint are their sums. */
  private Outcome runHybrid(Candidate c, Map<String, Outcome> done, String bestDense, RankingEvaluator evaluator,
      List<Measure> measures, List<Measure> curve) {
    List<Outcome> parts = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (String n : c.components()) {
      String name = Candidate.BEST_DENSE.equals(n) ? bestDense : n;
      Outcome o = name == null ? null : done.get(name);
      if (o == null || o.kind == Candidate.Kind.HYBRID) {
        throw new IllegalStateException("hybrid " + c.name() + ": component " + n + " is not a dense or lexical "
            + "candidate of this bake-off; have " + done.keySet());
      }
      parts.add(o);
      names.add(name);
    }
    long t = System.nanoTime();
    Run fused = c.fusion().fuse(parts.stream().map(Outcome::run).toList()).truncate(k);
    double fuseSeconds = (System.nanoTime() - t) / 1e9;
    EvaluationResult ev = evaluator.evaluate(dataset.qrels(), fused);
    double load = 0;
    double corpus = 0;
    double query = 0;
    double search = fuseSeconds;
    double total = fuseSeconds;
    double p50 = 0;
    double p95 = 0;
    double mean = 0;
    int samples = Integer.MAX_VALUE;
    int dim = 0;
    long bpv = 0;
    long index = -1;
    long cutTexts = -1;
    long cutDocs = -1;
    boolean cached = false;
    for (Outcome o : parts) {
      CandidateResult r = o.result;
      load += r.timing().loadSeconds();
      corpus += r.timing().corpusSeconds();
      query += r.timing().querySeconds();
      search += r.timing().searchSeconds();
      total += r.timing().totalSeconds();
      p50 += r.latency().p50Millis();
      p95 += r.latency().p95Millis();
      mean += r.latency().meanMillis();
      samples = Math.min(samples, r.latency().samples());
      dim += r.footprint().dimension();
      bpv += r.footprint().bytesPerVector();
      if (r.footprint().indexBytes() >= 0) {
        index = Math.max(0, index) + r.footprint().indexBytes();
      }
      cutTexts = Math.max(cutTexts, r.footprint().truncatedTexts());
      cutDocs = Math.max(cutDocs, r.footprint().truncatedDocuments());
      cached |= r.info().cachedEmbeddings();
    }
    Footprint fp = new Footprint(dim, bpv, cutTexts, cutDocs, 0, index, "sum of " + String.join(" + ", names));
    Timing timing = new Timing(load, corpus, corpus > 0 ? dataset.corpus().size() / corpus : 0, query, search, total);
    Latency lat = samples == 0 || samples == Integer.MAX_VALUE ? Latency.ofMillis(new double[0])
        : new Latency(samples, p50, p95, mean);
    Map<String, String> props = new LinkedHashMap<>(c.properties());
    props.put("components", String.join(" + ", names));
    props.put("speed", "components run one after the other: times and latencies are sums");
    CandidateInfo info = new CandidateInfo(c.name(), c.fusion().id(), c.description(), "", cached, props);
    return new Outcome(new CandidateResult(info, fp, timing, lat, quality(ev, measures, curve), null), ev, fused,
        Candidate.Kind.HYBRID, c);
  }

  /**
   * Runs every candidate of one embedding group: the first candidate's embedder embeds corpus and
   * queries once (timed), then each candidate builds its index over the vectors (timed), searches
   * all queries, and measures per-query latency as one query embedded alone plus one search.
   */
  private Map<String, Outcome> runDenseGroup(List<Candidate> group, Texts texts, RankingEvaluator evaluator,
      List<Measure> measures, List<Measure> curve) {
    Candidate first = group.get(0);
    List<String> docTexts = texts.docs();
    List<String> queryTexts = texts.queries();
    String[] queryIds = texts.queryIds();
    long start = System.nanoTime();
    Embedder e = first.factory().get();
    double load = (System.nanoTime() - start) / 1e9;
    if (e == null) {
      throw new IllegalStateException("candidate " + first.name() + ": factory returned null");
    }
    Map<String, Outcome> out = new LinkedHashMap<>();
    try (e) {
      if (!docTexts.isEmpty()) {
        // One untimed call first: ONNX Runtime and the JIT do one-off work on the first batch,
        // which would otherwise be charged to the corpus throughput.
        e.embed(List.of(docTexts.get(0)), Role.DOCUMENT);
      }
      UsageReporting.resetUsageOf(e);
      long t = System.nanoTime();
      float[][] docs = embedAll(first.name(), e, docTexts, Role.DOCUMENT, "corpus", "docs");
      double corpusSeconds = (System.nanoTime() - t) / 1e9;
      long truncatedDocs = UsageReporting.usageOf(e).map(UsageReporting.Usage::truncatedTexts).orElse(-1L);
      t = System.nanoTime();
      float[][] queries = embedAll(first.name(), e, queryTexts, Role.QUERY, "queries", "queries");
      double querySeconds = (System.nanoTime() - t) / 1e9;
      long truncated = UsageReporting.usageOf(e).map(UsageReporting.Usage::truncatedTexts).orElse(-1L);
      PairResult pairs = pairDataset == null ? null : evaluatePairs(first, e);
      Map<String, String> described = first.describer().apply(e);
      Queries all = Queries.of(queryIds, queryTexts, queries);
      for (Candidate c : group) {
        long cStart = System.nanoTime();
        long b0 = System.nanoTime();
        Retriever built = c.index().build(input(texts, docs, docs.length));
        double indexSeconds = (System.nanoTime() - b0) / 1e9;
        if (built == null) {
          throw new IllegalStateException("candidate " + c.name() + ": index factory returned null");
        }
        try (Retriever r = withReranker(c, built, texts)) {
          t = System.nanoTime();
          List<Ranking> hits = searchAll(r, all);
          double searchSeconds = (System.nanoTime() - t) / 1e9;
          Run run = Run.of(hits);
          EvaluationResult ev = evaluator.evaluate(dataset.qrels(), run);
          Latency latency = latency(q -> {
            float[][] v = e.embed(List.of(queryTexts.get(q)), Role.QUERY);
            if (normalize) {
              VectorUtil.normalizeInPlace(v[0]);
            }
            searchAll(r, Queries.of(new String[] {queryIds[q]}, List.of(queryTexts.get(q)), v));
          }, queryIds.length);
          Retriever.Description d = r.describe();
          int dim = e.dimension();
          boolean shared = c != first;
          double docsPerSecond = corpusSeconds > 0 ? docTexts.size() / corpusSeconds : 0;
          double total = (shared ? 0 : load + corpusSeconds + querySeconds) + (System.nanoTime() - cStart) / 1e9;
          Timing timing = new Timing(shared ? 0 : load, corpusSeconds, docsPerSecond, querySeconds,
              searchSeconds, total, indexSeconds);
          Map<String, String> props = new LinkedHashMap<>(c.properties());
          if (described != null) {
            props.putAll(described);
          }
          props.put("index", c.indexLabel());
          props.put("retriever", d.provenance().canonical());
          if (shared) {
            props.put("embeddings", "shared with " + first.name() + " (one embedding pass for the group)");
          }
          int maxLength = 0;
          try {
            maxLength = Integer.parseInt(props.getOrDefault("maxLength", "0"));
          } catch (NumberFormatException ignored) {
            // provenance only
          }
          // bytes/vec: what one document's code costs in the index; index bytes: everything else
          // the retriever holds (graph links, full vectors kept for rescoring, Lucene files).
          long bpv = d.bytesPerDocument() >= 0 ? Math.round(d.bytesPerDocument()) : 4L * dim;
          long overhead = d.memoryBytes() < 0 ? -1 : Math.max(0, d.memoryBytes() - bpv * docs.length);
          Footprint fp = new Footprint(dim, bpv, truncated, truncatedDocs, maxLength, overhead,
              c.indexLabel());
          String sha = c.sha256().isEmpty() ? props.getOrDefault("sha256", "") : c.sha256();
          props.remove("sha256");
          CandidateInfo info = new CandidateInfo(c.name(), e.id(), c.description(), sha,
              c.cachedEmbeddings(), props);
          out.put(c.name(), new Outcome(new CandidateResult(info, fp, timing, latency,
              quality(ev, measures, curve), pairs), ev, run, Candidate.Kind.DENSE, c));
        }
      }
    }
    return out;
  }

  /**
   * Starts ND4J (seconds on first use) before anything is timed, when the corpus search will use
   * BLAS, so the first candidate's search time is not charged for it.
   */
  private void warmUpBlas() {
    long macs = (long) dataset.queries().size() * dataset.corpus().size() * 384;
    if (macs >= ExactSearch.DEFAULT_BLAS_THRESHOLD && !dataset.corpus().isEmpty()) {
      ExactSearch.builder().k(1).backend(ScoreBackend.BLAS).build()
          .search(new float[][] {{1f}}, new String[] {"q"}, new float[][] {{1f}}, new String[] {"d"});
    }
  }

  /**
   * Every candidate against the best on the per-query primary values: paired bootstrap CI and
   * sign-flip permutation p, Holm-adjusted over the comparisons (shared with the distributed bake-off).
   */
  public static List<Comparison> compareWithBest(List<CandidateResult> results, List<double[]> perQuery,
      int bestIdx, Settings.SignificanceSettings significance) {
    List<Integer> others = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      if (i != bestIdx) {
        others.add(i);
      }
    }
    double[] p = new double[others.size()];
    List<PairedComparison.Summary> sums = new ArrayList<>();
    List<int[]> wlt = new ArrayList<>();
    for (int j = 0; j < others.size(); j++) {
      PairedComparison pc = PairedComparison.of(perQuery.get(others.get(j)), perQuery.get(bestIdx));
      PairedComparison.Summary s = pc.size() == 0 ? null
          : pc.summarize(significance.level(), significance.resamples(), significance.seed());
      sums.add(s);
      wlt.add(pc.winsLossesTies());
      p[j] = s == null ? 1.0 : s.pValue();
    }
    double[] adj = p.length == 0 ? p : Holm.adjust(p);
    List<Comparison> out = new ArrayList<>();
    for (int j = 0; j < others.size(); j++) {
      PairedComparison.Summary s = sums.get(j);
      int[] w = wlt.get(j);
      out.add(new Comparison(results.get(others.get(j)).name(), results.get(bestIdx).name(),
          s == null ? 0 : s.meanDifference(),
          s == null ? new ConfidenceInterval(0, 0, significance.level()) : s.ci(),
          p[j], adj[j], new Comparison.WinLoss(w[0], w[1], w[2])));
    }
    return out;
  }

  private float[][] embedAll(String name, Embedder e, List<String> texts, Role role, String what,
      String unit) {
    int n = texts.size();
    float[][] out = new float[n][];
    progress.start(name + " " + what, n, unit);
    for (int i = 0; i < n; i += chunkSize) {
      List<String> part = texts.subList(i, Math.min(n, i + chunkSize));
      float[][] v = e.embed(part, role);
      check(name, e, v, part.size());
      for (int j = 0; j < v.length; j++) {
        out[i + j] = normalize ? VectorUtil.normalized(v[j]) : v[j];
      }
      progress.advance(part.size());
    }
    progress.finish();
    return out;
  }

  private static void check(String name, Embedder e, float[][] v, int expected) {
    if (v == null || v.length != expected) {
      throw new IllegalStateException("candidate " + name + " (" + e.id() + ") returned "
          + (v == null ? "null" : v.length + " vectors") + " for " + expected + " texts");
    }
    for (int j = 0; j < v.length; j++) {
      if (v[j] == null || v[j].length != e.dimension()) {
        throw new IllegalStateException("candidate " + name + " (" + e.id() + ") vector " + j
            + " has dimension " + (v[j] == null ? "null" : v[j].length) + "; expected " + e.dimension());
      }
    }
  }

  private PairResult evaluatePairs(Candidate c, Embedder e) {
    float[][] a = embedAll(c.name(), e, pairDataset.textsA(), pairRole, "pairs A", "texts");
    float[][] b = embedAll(c.name(), e, pairDataset.textsB(), pairRole, "pairs B", "texts");
    double[] cos = new double[a.length];
    for (int i = 0; i < cos.length; i++) {
      cos[i] = VectorUtil.cosine(a[i], b[i]);
    }
    double spearman = Double.NaN;
    double pearson = Double.NaN;
    double auc = Double.NaN;
    if (cos.length > 1 && pairDataset.hasScores()) {
      double[] gold = pairDataset.scores();
      spearman = PairMetrics.spearman(cos, gold);
      pearson = PairMetrics.pearson(cos, gold);
    }
    if (cos.length > 0 && pairDataset.hasLabels()) {
      int[] labels = pairDataset.labels();
      int pos = 0;
      for (int l : labels) {
        pos += l;
      }
      if (pos > 0 && pos < labels.length) {
        auc = PairMetrics.rocAuc(cos, labels);
      }
    }
    return new PairResult(pairDataset.id(), cos.length, spearman, pearson, auc);
  }

  /** Implementation-Version of the eval jar, else its Maven pom.properties, else "unknown". */
  static String detectVersion() {
    String v = BakeOff.class.getPackage().getImplementationVersion();
    if (v != null) {
      return v;
    }
    try (InputStream in = BakeOff.class.getResourceAsStream(
        "/META-INF/maven/dev.embedlab/embedlab-bakeoff/pom.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version", "unknown");
      }
    } catch (IOException ignored) {
      // fall through: the version is informative only
    }
    return "unknown";
  }

  /** Configures a {@link BakeOff}. */
  public static final class Builder {
    private RetrievalDataset dataset;
    private PairDataset pairDataset;
    private final List<Candidate> candidates = new ArrayList<>();
    private int k = ExactSearch.DEFAULT_K;
    private int chunkSize = 256;
    private int latencyQueries = 50;
    private int warmupQueries = 3;
    private Measure primary = Measure.ndcg(10);
    private double level = 0.95;
    private int resamples = 10_000;
    private long seed = 42;
    private double alpha = 0.05;
    private boolean excludeIdenticalIds;
    private boolean normalize = true;
    private int searchThreads = Runtime.getRuntime().availableProcessors();
    private Role pairRole = Role.DOCUMENT;
    private ProgressListener progress = ProgressListener.NONE;
    private Clock clock = Clock.systemUTC();
    private String version;
    private Map<String, Map<String, String>> queryTags = Map.of();
    private boolean slicing = true;
    private boolean truncationProbe = true;
    private final List<String> notes = new ArrayList<>();
    private List<Measure> measures;
    private java.util.function.BiConsumer<String, Run> runSink;

    private Builder() {}

    /**
     * The measures reported, in report order (default: Recall@1/3/5/10, MRR@10, nDCG@10, MAP@k);
     * the primary measure is appended when it is not among them.
     *
     * @throws IllegalArgumentException for an empty list
     */
    public Builder measures(List<Measure> ms) {
      if (ms == null || ms.isEmpty()) {
        throw new IllegalArgumentException("measures must name at least one measure; measures=" + ms);
      }
      this.measures = List.copyOf(ms);
      return this;
    }

    /**
     * Receives every candidate's ranked run (candidate name, run of its top-k hits per query, the
     * run its metrics were computed from), in candidate order once all candidates have run; e.g.
     * to write TREC run files next to the reports.
     */
    public Builder runSink(java.util.function.BiConsumer<String, Run> sink) {
      this.runSink = sink;
      return this;
    }

    /**
     * Tags of the queries from the data set (query id → tag → value, e.g. {@code language},
     * {@code domain}, {@code type}); see {@link QueryTags#readBeirMetadata}. The language is
     * detected for queries without a {@code language} tag.
     */
    public Builder queryTags(Map<String, Map<String, String>> tags) {
      this.queryTags = tags == null ? Map.of() : tags;
      return this;
    }

    /** Whether to compute per-slice tables (default true). */
    public Builder slices(boolean on) {
      this.slicing = on;
      return this;
    }

    /**
     * Whether to re-run the best dense candidate at another maximum length when it cut documents
     * (default true; needs {@link Candidate.Builder#atMaxLength}).
     */
    public Builder truncationProbe(boolean on) {
      this.truncationProbe = on;
      return this;
    }

    /** A sentence every report shows next to the numbers (e.g. that the corpus is a subset). */
    public Builder note(String note) {
      if (note == null || note.isBlank()) {
        throw new IllegalArgumentException("note must be non-blank; note=" + note);
      }
      notes.add(note);
      return this;
    }

    /** The retrieval set (required). */
    public Builder dataset(RetrievalDataset dataset) {
      this.dataset = dataset;
      return this;
    }

    /** An optional sentence-pair set (STS-style) evaluated with every candidate. */
    public Builder pairDataset(PairDataset pairs) {
      this.pairDataset = pairs;
      return this;
    }

    /** Adds a candidate; names must be unique. */
    public Builder candidate(Candidate c) {
      if (c == null) {
        throw new IllegalArgumentException("candidate must not be null");
      }
      for (Candidate x : candidates) {
        if (x.name().equals(c.name())) {
          throw new IllegalArgumentException("candidate names must be unique; duplicate " + c.name());
        }
      }
      candidates.add(c);
      return this;
    }

    /** Adds candidates in order. */
    public Builder candidates(List<Candidate> cs) {
      cs.forEach(this::candidate);
      return this;
    }

    /** Hits retrieved per query, ≥ 10; MAP is reported at this cut (default 100: MAP@100). */
    public Builder k(int k) {
      if (k < 10) {
        throw new IllegalArgumentException("k must be >= 10 (Recall@10, nDCG@10 need it); k=" + k);
      }
      this.k = k;
      return this;
    }

    /** Texts handed to the embedder per call (progress granularity); default 256. */
    public Builder chunkSize(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("chunkSize must be >= 1; chunkSize=" + n);
      }
      this.chunkSize = n;
      return this;
    }

    /** Queries timed one by one for latency p50/p95 (default 50; 0 turns it off). */
    public Builder latencyQueries(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("latencyQueries must be >= 0; latencyQueries=" + n);
      }
      this.latencyQueries = n;
      return this;
    }

    /** Untimed single queries before the latency samples (default 3). */
    public Builder warmupQueries(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("warmupQueries must be >= 0; warmupQueries=" + n);
      }
      this.warmupQueries = n;
      return this;
    }

    /** The measure candidates are ranked and compared on (default nDCG@10). */
    public Builder primaryMeasure(Measure m) {
      if (m == null) {
        throw new IllegalArgumentException("primaryMeasure must not be null");
      }
      this.primary = m;
      return this;
    }

    /**
     * Significance settings: CI level (default 0.95), resamples for bootstrap and randomisation
     * test (default 10,000), seed (default 42), family-wise alpha (default 0.05).
     */
    public Builder significance(double level, int resamples, long seed, double alpha) {
      new Settings.SignificanceSettings(level, resamples, seed, alpha); // validates
      this.level = level;
      this.resamples = resamples;
      this.seed = seed;
      this.alpha = alpha;
      return this;
    }

    /** Skip a document whose id equals the query id (BEIR {@code ignore_identical_ids}). */
    public Builder excludeIdenticalIds(boolean b) {
      this.excludeIdenticalIds = b;
      return this;
    }

    /** L2-normalise every vector before search (default true: inner product = cosine). */
    public Builder normalize(boolean b) {
      this.normalize = b;
      return this;
    }

    /** Threads for the top-k scan (default: available processors). */
    public Builder searchThreads(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("searchThreads must be >= 1; searchThreads=" + n);
      }
      this.searchThreads = n;
      return this;
    }

    /** Role for both sides of the pair set (default DOCUMENT: no bge instruction, e5 "passage: "). */
    public Builder pairRole(Role role) {
      if (role == null) {
        throw new IllegalArgumentException("pairRole must not be null");
      }
      this.pairRole = role;
      return this;
    }

    /** Receives progress while corpora embed (default: none; see {@link ConsoleProgress}). */
    public Builder progress(ProgressListener p) {
      this.progress = p == null ? ProgressListener.NONE : p;
      return this;
    }

    /** Clock for the start time in provenance (default UTC system clock). */
    public Builder clock(Clock c) {
      if (c == null) {
        throw new IllegalArgumentException("clock must not be null");
      }
      this.clock = c;
      return this;
    }

    /** Overrides the embedlab version written into provenance. */
    public Builder embedlabVersion(String v) {
      this.version = v;
      return this;
    }

    /**
     * Builds the bake-off.
     *
     * @throws IllegalArgumentException without a data set or candidates
     */
    public BakeOff build() {
      if (dataset == null) {
        throw new IllegalArgumentException("dataset must be set");
      }
      if (candidates.isEmpty()) {
        throw new IllegalArgumentException("at least one candidate is required; candidates=0");
      }
      return new BakeOff(this);
    }
  }
}

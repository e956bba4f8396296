package dev.embedlab.bakeoff;

import dev.embedlab.core.CostReporting;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.UsageReporting;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.retrieval.IndexFactory;
import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.Reranker;
import dev.embedlab.core.retrieval.RerankingRetriever;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.data.Run;
import dev.embedlab.eval.metrics.EvaluationResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Runs the three kinds of candidate of one bake-off: a dense embedding group (one embedding pass,
 * then one index per candidate), a retriever without an embedder (BM25), and a hybrid fusing earlier
 * runs; each is searched, evaluated, timed and described the same way.
 *
 * @param cfg the bake-off's settings
 * @param embedding embeds corpus and queries (through the cache) and scores the pair set
 * @param texts the data set's texts and ids
 */
record CandidateRuns(BakeOff cfg, EmbeddingPass embedding, Texts texts) {

  /** Corpus and query texts and ids, in data set order. */
  record Texts(List<String> docs, String[] docIds, List<String> queries, String[] queryIds) {}

  /** One candidate's result with what later steps need: its evaluation and run. */
  record Outcome(CandidateResult result, EvaluationResult eval, Run run, Candidate.Kind kind, Candidate candidate) {}

  /**
   * Runs every candidate of one embedding group: the first candidate's embedder embeds corpus and
   * queries once (timed), then each candidate builds its index over the vectors (timed), searches
   * all queries, and measures per-query latency as one query embedded alone plus one search.
   */
  Map<String, Outcome> denseGroup(List<Candidate> group) {
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
      // A paid API has no JIT to warm up, and a warm-up call would be billed: it is skipped.
      boolean paid = CostReporting.costOf(e).isPresent();
      if (!docTexts.isEmpty() && !paid) {
        // One untimed call first: ONNX Runtime and the JIT do one-off work on the first batch,
        // which would otherwise be charged to the corpus throughput.
        e.embed(List.of(docTexts.get(0)), Role.DOCUMENT);
      }
      UsageReporting.resetUsageOf(e);
      long[] bill0 = bill(e);
      long t = System.nanoTime();
      float[][] docs = embedding.embedAll(first.name(), e, docTexts, Role.DOCUMENT, "corpus", "docs");
      double corpusSeconds = (System.nanoTime() - t) / 1e9;
      long truncatedDocs = UsageReporting.usageOf(e).map(UsageReporting.Usage::truncatedTexts).orElse(-1L);
      long[] bill1 = bill(e);
      t = System.nanoTime();
      float[][] queries = embedding.embedAll(first.name(), e, queryTexts, Role.QUERY, "queries", "queries");
      double querySeconds = (System.nanoTime() - t) / 1e9;
      long truncated = UsageReporting.usageOf(e).map(UsageReporting.Usage::truncatedTexts).orElse(-1L);
      long[] bill2 = bill(e);
      EmbeddingPass.Scored scored = cfg.pairDataset == null ? null : embedding.evaluatePairs(first, e);
      PairResult pairs = scored == null ? null : scored.result();
      Map<String, String> described = first.describer().apply(e);
      int maxLength = EmbedderFacts.maxLength(e);
      // With a cache, vectors may be cache reads: speed and latency are timed on the model itself,
      // except for a paid API, whose timing calls would be billed on every run: unknown instead.
      Embedder timed = !first.cachedEmbeddings() ? e : paid ? null : SpeedSample.uncached(e);
      double docsPerSecond;
      String speedSource = null;
      if (!first.cachedEmbeddings()) {
        docsPerSecond = corpusSeconds > 0 ? docTexts.size() / corpusSeconds : 0;
      } else if (timed == null) {
        docsPerSecond = 0;
        speedSource = SpeedSample.NOT_MEASURED;
      } else {
        docsPerSecond = SpeedSample.docsPerSecond(timed, docTexts, cfg.chunkSize);
        speedSource = SpeedSample.measuredOn(SpeedSample.sample(docTexts.size(), SpeedSample.DOCUMENTS).length,
            Math.min(cfg.latencyQueries, queryIds.length));
      }
      Queries all = Queries.of(queryIds, queryTexts, queries);
      for (Candidate c : group) {
        if (scored != null && cfg.pairSink != null) {
          cfg.pairSink.accept(c.name(), scored.cosines().clone());
        }
        long cStart = System.nanoTime();
        long b0 = System.nanoTime();
        Retriever built = c.index().build(input(docs, docs.length));
        double indexSeconds = (System.nanoTime() - b0) / 1e9;
        if (built == null) {
          throw new IllegalStateException("candidate " + c.name() + ": index factory returned null");
        }
        try (Retriever r = withReranker(c, built)) {
          t = System.nanoTime();
          List<Ranking> hits = searchAll(r, all);
          double searchSeconds = (System.nanoTime() - t) / 1e9;
          Run run = Run.of(hits);
          EvaluationResult ev = cfg.measuring.evaluate(cfg.dataset.qrels(), run);
          Latency latency = timed == null ? Latency.ofMillis(new double[0]) : latency(q -> {
            float[][] v = timed.embed(List.of(queryTexts.get(q)), Role.QUERY);
            if (cfg.normalize) {
              VectorUtil.normalizeInPlace(v[0]);
            }
            searchAll(r, Queries.of(new String[] {queryIds[q]}, List.of(queryTexts.get(q)), v));
          }, queryIds.length);
          Retriever.Description d = r.describe();
          int dim = e.dimension();
          boolean shared = c != first;
          double total = (shared ? 0 : load + corpusSeconds + querySeconds) + (System.nanoTime() - cStart) / 1e9;
          Timing timing = new Timing(shared ? 0 : load, corpusSeconds, docsPerSecond, querySeconds,
              searchSeconds, total, indexSeconds);
          Map<String, String> props = new LinkedHashMap<>(c.properties());
          if (described != null) {
            props.putAll(described);
          }
          props.put("index", c.indexLabel());
          props.put("retriever", d.provenance().canonical());
          if (speedSource != null) {
            props.put(SpeedSample.PROPERTY, speedSource);
          }
          if (shared) {
            props.put("embeddings", "shared with " + first.name() + " (one embedding pass for the group)");
          }
          // bytes/vec: what one document's code costs in the index; index bytes: everything else
          // the retriever holds (graph links, full vectors kept for rescoring, Lucene files).
          long bpv = d.bytesPerDocument() >= 0 ? Math.round(d.bytesPerDocument()) : 4L * dim;
          long overhead = d.memoryBytes() < 0 ? -1 : Math.max(0, d.memoryBytes() - bpv * docs.length);
          Footprint fp = new Footprint(dim, bpv, truncated, truncatedDocs, maxLength, overhead, c.indexLabel());
          String sha = c.sha256().isEmpty() ? props.getOrDefault("sha256", "") : c.sha256();
          props.remove("sha256");
          CandidateInfo info = new CandidateInfo(c.name(), e.id(), c.description(), sha, c.cachedEmbeddings(), props);
          out.put(c.name(), new Outcome(new CandidateResult(info, fp, timing, latency,
              cfg.measuring.quality(ev), pairs), ev, run, Candidate.Kind.DENSE, c));
        }
      }
      if (paid) {
        ApiCost cost = apiCost(e, bill0, bill1, bill2, docTexts.size(), queryTexts.size());
        out.replaceAll((name, o) -> new Outcome(o.result().withCost(cost), o.eval(), o.run(), o.kind(), o.candidate()));
      }
    }
    return out;
  }

  /** Tokens billed so far and texts sent so far ({@code -1} when the embedder does not count texts). */
  private static long[] bill(Embedder e) {
    long tokens = CostReporting.costOf(e).map(CostReporting.Cost::tokens).orElse(0L);
    long sent = UsageReporting.usageOf(e).map(UsageReporting.Usage::texts).orElse(-1L);
    return new long[] {tokens, sent};
  }

  /**
   * The group's API cost from the bills before the corpus pass, after it, and after the query pass
   * (now: after latency probes and the pair set too). Counts are differences, so a counter reset
   * elsewhere cannot inflate them; a text served from the cache is not sent and costs nothing.
   */
  private static ApiCost apiCost(Embedder e, long[] b0, long[] b1, long[] b2, int documents, int queries) {
    CostReporting.Cost now = CostReporting.costOf(e).orElseThrow();
    long corpusTokens = Math.max(0, b1[0] - b0[0]);
    long queryTokens = Math.max(0, b2[0] - b1[0]);
    long other = Math.max(0, now.tokens() - b2[0]);
    long docsSent = b0[1] < 0 || b1[1] < 0 ? -1 : Math.min(documents, Math.max(0, b1[1] - b0[1]));
    long queriesSent = b1[1] < 0 || b2[1] < 0 ? -1 : Math.min(queries, Math.max(0, b2[1] - b1[1]));
    long perDocs = docsSent < 0 ? documents : docsSent;
    double projected = now.priced() && perDocs > 0
        ? CostReporting.usdPerMillionDocuments((double) corpusTokens / perDocs, now.usdPerMillionTokens()) : Double.NaN;
    return new ApiCost(corpusTokens, queryTokens, other, now.tokensMeasured(), now.usdPerMillionTokens(),
        now.priceDate(), now.priceSource(), documents, docsSent, queries, queriesSent, projected);
  }

  /** A non-embedder candidate: index (timed as the corpus pass), retrieve, time single queries. */
  Outcome retriever(Candidate c) {
    long start = System.nanoTime();
    if (!texts.docs().isEmpty()) {
      // One-off set-up (e.g. loading Nori's dictionary) is load time, as a model's first call is.
      try (Retriever warm = c.index().build(input(null, 1))) {
        if (warm != null && texts.queryIds().length > 0) {
          warm.search(Queries.ofTexts(new String[] {texts.queryIds()[0]}, List.of(texts.queries().get(0))), 1);
        }
      }
    }
    double load = (System.nanoTime() - start) / 1e9;
    long indexStart = System.nanoTime();
    cfg.progress.start(c.name() + " index", texts.docs().size(), "docs");
    Retriever built = c.index().build(input(null, texts.docs().size()));
    cfg.progress.advance(texts.docs().size());
    cfg.progress.finish();
    double indexSeconds = (System.nanoTime() - indexStart) / 1e9;
    if (built == null) {
      throw new IllegalStateException("candidate " + c.name() + ": index factory returned null");
    }
    try (Retriever r = withReranker(c, built)) {
      Queries all = Queries.ofTexts(texts.queryIds(), texts.queries());
      long t = System.nanoTime();
      Run run = Run.of(searchAll(r, all));
      double searchSeconds = (System.nanoTime() - t) / 1e9;
      EvaluationResult ev = cfg.measuring.evaluate(cfg.dataset.qrels(), run);
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
      return new Outcome(new CandidateResult(info, fp, timing, latency, cfg.measuring.quality(ev), null), ev, run,
          Candidate.Kind.LEXICAL, c);
    }
  }

  private IndexFactory.Input input(float[][] vectors, int docs) {
    return new IndexFactory.Input(Arrays.copyOf(texts.docIds(), docs), texts.docs().subList(0, docs), vectors,
        cfg.searchThreads);
  }

  /** The candidate's retriever, behind its reranker when it has one (the reranker closes with it). */
  private Retriever withReranker(Candidate c, Retriever r) {
    if (c.reranker() == null) {
      return r;
    }
    Reranker rr = c.reranker().get();
    Map<String, String> docText = new HashMap<>();
    for (int i = 0; i < texts.docIds().length; i++) {
      docText.put(texts.docIds()[i], texts.docs().get(i));
    }
    return RerankingRetriever.of(r, rr, docText, c.rerankDepth()).owningReranker();
  }

  /**
   * Searches every query for the top {@code k}; with {@code excludeIdenticalIds} one more is asked
   * for and a document whose id equals its query's is dropped (BEIR's ignore_identical_ids), for
   * every kind of retriever alike.
   */
  private List<Ranking> searchAll(Retriever r, Queries qs) {
    int k = cfg.measuring.k();
    if (!cfg.measuring.excludeIdenticalIds()) {
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
  private Latency latency(IntConsumer one, int queries) {
    int n = Math.min(cfg.latencyQueries, queries);
    double[] ms = new double[n];
    for (int i = -Math.min(cfg.warmupQueries, n); i < n; i++) {
      int q = i < 0 ? i + Math.min(cfg.warmupQueries, n) : i;
      long t = System.nanoTime();
      one.accept(q);
      if (i >= 0) {
        ms[i] = (System.nanoTime() - t) / 1e6;
      }
    }
    return Latency.ofMillis(ms);
  }

  /** A fusion of earlier candidates' runs; speed, latency and footprint are their sums. */
  Outcome hybrid(Candidate c, Map<String, Outcome> done, String bestDense) {
    List<Outcome> parts = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (String n : c.components()) {
      String name = Candidate.BEST_DENSE.equals(n) ? bestDense : n;
      Outcome o = name == null ? null : done.get(name);
      if (o == null || o.kind() == Candidate.Kind.HYBRID) {
        throw new IllegalStateException("hybrid " + c.name() + ": component " + n + " is not a dense or lexical "
            + "candidate of this bake-off; have " + done.keySet());
      }
      parts.add(o);
      names.add(name);
    }
    long t = System.nanoTime();
    boolean tuned = HeldOutFusion.TUNED.equals(c.properties().get(HeldOutFusion.PROPERTY)) && parts.size() == 2;
    HeldOutFusion.Fused held = tuned ? HeldOutFusion.fuse(parts.stream().map(Outcome::run).toList(), names,
        cfg.dataset.qrels(), cfg.measuring, cfg.measuring.significance().seed()) : null;
    Run fused = held != null ? held.run()
        : c.fusion().fuse(parts.stream().map(Outcome::run).toList()).truncate(cfg.measuring.k());
    double fuseSeconds = (System.nanoTime() - t) / 1e9;
    EvaluationResult ev = cfg.measuring.evaluate(cfg.dataset.qrels(), fused);
    List<CandidateResult> results = parts.stream().map(Outcome::result).toList();
    Footprint fp = Footprint.sum(results.stream().map(CandidateResult::footprint).toList(),
        "sum of " + String.join(" + ", names));
    Timing timing = Timing.sum(results.stream().map(CandidateResult::timing).toList(), fuseSeconds,
        cfg.dataset.corpus().size());
    Latency lat = Latency.sum(results.stream().map(CandidateResult::latency).toList());
    boolean cached = results.stream().anyMatch(r -> r.info().cachedEmbeddings());
    Map<String, String> props = new LinkedHashMap<>(c.properties());
    props.put("components", String.join(" + ", names));
    if (held != null) {
      props.put(HeldOutFusion.PROPERTY, held.description());
    }
    props.put("speed", "components run one after the other: times and latencies are sums");
    if (results.stream().anyMatch(x -> !SpeedSample.known(x))) {
      props.put(SpeedSample.PROPERTY, SpeedSample.NOT_MEASURED);
    } else if (cached) {
      props.put(SpeedSample.PROPERTY, "sum of components measured on uncached samples");
    }
    CandidateInfo info = new CandidateInfo(c.name(), held != null ? "rrf(k=60;w=held-out)" : c.fusion().id(),
        c.description(), "", cached, props);
    return new Outcome(new CandidateResult(info, fp, timing, lat, cfg.measuring.quality(ev), null), ev, fused,
        Candidate.Kind.HYBRID, c);
  }
}

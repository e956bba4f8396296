package dev.embedlab.spark;

import dev.embedlab.core.Checks;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.Fingerprinted;
import dev.embedlab.core.UsageReporting;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.bakeoff.BakeOffResult;
import dev.embedlab.bakeoff.BakeOffSettings;
import dev.embedlab.bakeoff.EmbedderFacts;
import dev.embedlab.bakeoff.Measuring;
import dev.embedlab.bakeoff.CandidateInfo;
import dev.embedlab.bakeoff.CandidateResult;
import dev.embedlab.bakeoff.Comparison;
import dev.embedlab.bakeoff.Footprint;
import dev.embedlab.bakeoff.Latency;
import dev.embedlab.bakeoff.Timing;
import dev.embedlab.data.Document;
import dev.embedlab.data.Query;
import dev.embedlab.data.RetrievalDataset;
import dev.embedlab.core.text.PreprocessingEmbedder;
import dev.embedlab.bakeoff.BakeOff;
import dev.embedlab.bakeoff.DatasetInfo;
import dev.embedlab.bakeoff.Quality;
import dev.embedlab.bakeoff.RunInfo;
import dev.embedlab.bakeoff.Settings;
import dev.embedlab.eval.metrics.EvaluationResult;
import dev.embedlab.eval.metrics.Measure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * A bake-off whose corpus embedding and search run on Spark, producing the same
 * {@link BakeOffResult} as {@code eval.bakeoff.BakeOff} — so the same JSON, Markdown and HTML
 * reports ({@code BakeOffReports.writeAll}).
 *
 * <p>Per candidate: the corpus ({@code title + " " + text}, {@link Role#DOCUMENT}) is embedded on
 * the executors by {@link SparkEmbedJob} and L2-normalised there, then persisted; the queries
 * ({@link Role#QUERY}) are embedded on the driver by an embedder built from the same
 * {@link EmbedderSpec} and normalised the same way ({@code VectorUtil.normalized}); the top {@code k}
 * per query comes from {@link SparkExactSearch}; the run is evaluated by the bake-off's own {@link Measuring}
 * on the same measures as {@code BakeOff} (Recall@1/3/5/10, MRR@10, nDCG@10, MAP@k and the recall
 * curve, {@code trec_eval -c}), and the best candidate is compared with each other one by the same
 * paired bootstrap/randomisation tests with Holm's correction and the same default seed. On vectors
 * equal to {@code BakeOff}'s and a problem small enough for its Java search kernel, every per-query
 * metric is equal.
 *
 * <p>Differences, all recorded in the result: single-query latency is not measured (a Spark job is
 * not an interactive path; {@code latencyQueries = 0}, zero samples); no pair set; timing splits as
 * load = building the driver's query embedder, corpus = the Spark embedding job (executor model
 * builds included; their sum is the {@code spark.executorLoadSeconds} property), search = the
 * distributed search. Each candidate's provenance properties carry the Spark master, version,
 * executor count, default parallelism and corpus partitions.
 */
public final class SparkBakeOff {

  private final SparkSession spark;
  private final RetrievalDataset dataset;
  private final List<Named> candidates;
  private final Measuring measuring;
  private final int partitions;
  private final int chunkSize;
  private final java.time.Clock clock;

  private record Named(String name, EmbedderSpec spec, String description) {}

  private SparkBakeOff(Builder b) {
    this.spark = b.spark;
    this.dataset = b.requireReady(b.candidates.size());
    this.candidates = List.copyOf(b.candidates);
    this.measuring = b.measuring();
    this.partitions = b.partitions > 0 ? b.partitions : spark.sparkContext().defaultParallelism();
    this.chunkSize = b.chunkSizeValue();
    this.clock = b.startClock();
  }

  /** Starts a builder on {@code spark}. */
  public static Builder builder(SparkSession spark) {
    return new Builder(spark);
  }

  /** The measures averaged, in report order (those of {@code BakeOff}). */
  List<Measure> measures() {
    return measuring.measures();
  }

  /** Number of executors now registered (the driver excluded; in local mode the driver is the one executor). */
  public static int executorCount(SparkContext sc) {
    int n = sc.statusTracker().getExecutorInfos().length;
    return sc.isLocal() ? 1 : Math.max(0, n - 1);
  }

  /** Runs every candidate and compares them. */
  public BakeOffResult run() {
    Instant started = clock.instant();
    long t0 = System.nanoTime();
    List<Row> rows = new ArrayList<>(dataset.corpus().size());
    for (Document d : dataset.corpus()) {
      rows.add(RowFactory.create(d.id(), d.titleAndText()));
    }
    StructType schema = new StructType().add("id", DataTypes.StringType, false).add("text", DataTypes.StringType, false);
    Dataset<Row> corpus = spark.createDataFrame(rows, schema).repartition(partitions);
    List<String> queryTexts = new ArrayList<>();
    String[] queryIds = new String[dataset.queries().size()];
    for (int i = 0; i < queryIds.length; i++) {
      Query q = dataset.queries().get(i);
      queryTexts.add(q.text());
      queryIds[i] = q.id();
    }

    List<CandidateResult> results = new ArrayList<>();
    List<double[]> perQueryPrimary = new ArrayList<>();
    for (Named c : candidates) {
      EvaluationResult[] ev = new EvaluationResult[1];
      results.add(runOne(c, corpus, queryTexts, queryIds, ev));
      perQueryPrimary.add(ev[0].values(measuring.primary()));
    }
    int bestIdx = measuring.best(results);
    String best = results.get(bestIdx).name();
    List<Comparison> comparisons = measuring.compareWithBest(results, perQueryPrimary, bestIdx);
    SparkContext sc = spark.sparkContext();
    return new BakeOffResult(Measuring.runInfo(version(), " (driver; Spark " + spark.version() + ", " + sc.master()
        + ", " + executorCount(sc) + " executor(s))", sc.defaultParallelism(), started, (System.nanoTime() - t0) / 1e9),
        measuring.settings(0), Measuring.describe(dataset), null, results, best, comparisons);
  }

  private CandidateResult runOne(Named c, Dataset<Row> corpus, List<String> queryTexts, String[] queryIds,
      EvaluationResult[] evOut) {
    long start = System.nanoTime();
    Embedder e = c.spec().create();
    double load = (System.nanoTime() - start) / 1e9;
    try (e) {
      SparkEmbedJob.Embedded emb = SparkEmbedJob.builder(c.spec()).role(Role.DOCUMENT).chunkSize(chunkSize)
          .l2Normalize(true).build().embed(corpus);
      Dataset<Row> docs = emb.vectors().persist(StorageLevel.MEMORY_AND_DISK());
      try {
        long t = System.nanoTime();
        long n = docs.count();
        double corpusSeconds = (System.nanoTime() - t) / 1e9;
        EmbedCounters.Stats stats = emb.counters().snapshot();
        if (n != dataset.corpus().size()) {
          throw new IllegalStateException("candidate " + c.name() + ": embedded " + n + " documents; expected "
              + dataset.corpus().size());
        }
        if (!queryTexts.isEmpty()) {
          e.embed(List.of(queryTexts.get(0)), Role.QUERY); // warm-up, untimed (as BakeOff)
        }
        UsageReporting.resetUsageOf(e);
        t = System.nanoTime();
        float[][] queries = new float[queryTexts.size()][];
        for (int i = 0; i < queries.length; i += chunkSize) {
          List<String> part = queryTexts.subList(i, Math.min(queries.length, i + chunkSize));
          float[][] v = e.embed(part, Role.QUERY);
          for (int j = 0; j < v.length; j++) {
            queries[i + j] = VectorUtil.normalized(v[j]);
          }
        }
        double querySeconds = (System.nanoTime() - t) / 1e9;
        long queryTruncated = UsageReporting.usageOf(e).map(UsageReporting.Usage::truncatedTexts).orElse(-1L);

        t = System.nanoTime();
        List<Ranking> rankings = SparkExactSearch.builder().k(measuring.k())
            .excludeIdenticalIds(measuring.excludeIdenticalIds()).build().search(docs, queryIds, queries);
        double searchSeconds = (System.nanoTime() - t) / 1e9;
        EvaluationResult ev = measuring.evaluate(dataset.qrels(), rankings);
        evOut[0] = ev;
        int dim = e.dimension();
        long truncated = queryTruncated < 0 ? -1 : stats.truncatedTexts() + queryTruncated;
        // The same footprint the single-machine bake-off reports for exact float32 search:
        // 4 bytes per dimension, nothing held beyond the vectors, truncated corpus documents, the
        // model's maximum length from its own provenance.
        Footprint fp = new Footprint(dim, 4L * dim, truncated, stats.truncatedTexts(), EmbedderFacts.maxLength(e), 0,
            "exact float32");
        double docsPerSecond = corpusSeconds > 0 ? n / corpusSeconds : 0;
        Timing timing = new Timing(load, corpusSeconds, docsPerSecond, querySeconds, searchSeconds,
            (System.nanoTime() - start) / 1e9);
        SparkContext sc = spark.sparkContext();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("spark.version", spark.version());
        props.put("spark.master", sc.master());
        props.put("spark.executors", Integer.toString(executorCount(sc)));
        props.put("spark.defaultParallelism", Integer.toString(sc.defaultParallelism()));
        props.put("spark.corpusPartitions", Integer.toString(corpus.rdd().getNumPartitions()));
        props.put("spark.emptyPartitions", Long.toString(stats.emptyPartitions()));
        props.put("spark.executorLoadSeconds", String.format(java.util.Locale.ROOT, "%.2f", stats.executorLoadSeconds()));
        props.put("corpus.tokens", Long.toString(stats.tokens()));
        props.put("corpus.batches", Long.toString(stats.batches()));
        props.put("embedder.spec", c.spec().key());
        props.put("embedder.fingerprint", Fingerprinted.fingerprintOf(e));
        CandidateInfo info = new CandidateInfo(c.name(), e.id(), c.description(), EmbedderFacts.modelSha256(e), false,
            props);
        return new CandidateResult(info, fp, timing, Latency.ofMillis(new double[0]), measuring.quality(ev), null);
      } finally {
        docs.unpersist(false);
      }
    }
  }

  private static String version() {
    String v = SparkBakeOff.class.getPackage().getImplementationVersion();
    return v != null ? v : "unknown";
  }

  /**
   * Configures a {@link SparkBakeOff}: the settings every bake-off shares ({@link BakeOffSettings}: k,
   * measures, primary measure, significance, identical ids, clock) with {@code BakeOff}'s defaults, plus
   * the corpus partitions (texts per embedding call default to 1024).
   */
  public static final class Builder extends BakeOffSettings<Builder> {
    private final SparkSession spark;
    private final List<Named> candidates = new ArrayList<>();
    private int partitions;

    private Builder(SparkSession spark) {
      super(SparkEmbedJob.DEFAULT_CHUNK);
      this.spark = Checks.notNull("spark", spark);
    }

    /** Adds a candidate; names must be unique. */
    public Builder candidate(String name, EmbedderSpec spec, String description) {
      if (name == null || name.isBlank() || spec == null) {
        throw new IllegalArgumentException("candidate name and spec must be set; name=" + name);
      }
      for (Named n : candidates) {
        if (n.name().equals(name)) {
          throw new IllegalArgumentException("candidate names must be unique; duplicate " + name);
        }
      }
      candidates.add(new Named(name, spec, description));
      return this;
    }

    /** Corpus partitions; default the context's default parallelism. */
    public Builder partitions(int n) {
      this.partitions = Checks.atLeast("partitions", n, 1);
      return this;
    }

    /** The bake-off. */
    public SparkBakeOff build() {
      requireReady(candidates.size());
      return new SparkBakeOff(this);
    }
  }
}

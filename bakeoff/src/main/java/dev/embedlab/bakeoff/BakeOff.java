package dev.embedlab.bakeoff;

import dev.embedlab.core.Checks;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.data.Document;
import dev.embedlab.data.PairDataset;
import dev.embedlab.data.Query;
import dev.embedlab.data.RetrievalDataset;
import dev.embedlab.data.Run;
import dev.embedlab.eval.metrics.EvaluationResult;
import dev.embedlab.eval.metrics.Measure;
import dev.embedlab.eval.search.ExactSearch;
import dev.embedlab.eval.search.ScoreBackend;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiConsumer;

/**
 * Runs several candidate embedders on one retrieval set (and optionally one sentence-pair set) and
 * returns one comparable, immutable {@link BakeOffResult}.
 *
 * <p>Per candidate, in order: build the embedder with its factory (timed: load time); embed one
 * document untimed (first-call warm-up); embed the corpus ({@code title + " " + text},
 * {@link Role#DOCUMENT}) and the queries ({@link Role#QUERY})
 * in chunks, reporting progress; L2-normalise (so inner product = cosine); retrieve the top
 * {@code k} (default 100) documents per query by exact search ({@link IndexSpecs#exactFloat32()}, trec_eval tie
 * order); evaluate Recall@1/3/5/10, MRR@10, nDCG@10 and MAP@k as {@code trec_eval -c}
 * ({@link Measuring}); time {@link Builder#latencyQueries(int)} queries one by one (embed
 * + search); embed the pair set if any (both sides {@link Builder#pairRole(Role)}) and compute
 * Spearman/Pearson of cosine vs. gold score (eval's {@code PairMetrics}, equal to scipy) and ROC-AUC vs.
 * binary label (equal to scikit-learn); read truncation counts when the embedder implements
 * {@link dev.embedlab.core.UsageReporting}; close the embedder.
 *
 * <p>Then the best candidate on the primary measure (default nDCG@10) is compared with each other
 * one per query: mean difference, percentile-bootstrap CI and two-sided paired randomisation test
 * (eval's {@code PairedComparison}), with p-values Holm-adjusted over the {@code N−1} comparisons
 * (Holm). Comparing against the observed best is a post-hoc choice; Holm keeps the
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
  final RetrievalDataset dataset;
  final PairDataset pairDataset;
  final Measuring measuring;
  final int chunkSize;
  final int latencyQueries;
  final int warmupQueries;
  final boolean normalize;
  final int searchThreads;
  final Role pairRole;
  final ProgressListener progress;
  private final List<Candidate> candidates;
  private final Clock clock;
  private final String version;
  private final Map<String, Map<String, String>> queryTags;
  private final boolean slicing;
  private final boolean truncationProbe;
  private final List<String> notes;
  private final BiConsumer<String, Run> runSink;
  private final int ragK;
  private final SyntheticSet synthetic;
  final BiConsumer<String, double[]> pairSink;

  private BakeOff(Builder b, Measuring measuring) {
    this.dataset = b.requireReady(b.candidates.size());
    this.pairDataset = b.pairDataset;
    this.measuring = measuring;
    this.candidates = List.copyOf(b.candidates);
    this.chunkSize = b.chunkSizeValue();
    this.latencyQueries = b.latencyQueries;
    this.warmupQueries = b.warmupQueries;
    this.normalize = b.normalize;
    this.searchThreads = b.searchThreads;
    this.pairRole = b.pairRole;
    this.progress = b.progress;
    this.clock = b.startClock();
    this.version = b.version != null ? b.version : detectVersion();
    this.queryTags = Map.copyOf(b.queryTags);
    this.slicing = b.slicing;
    this.truncationProbe = b.truncationProbe;
    this.notes = List.copyOf(b.notes);
    this.runSink = b.runSink;
    if (b.ragK > measuring.k()) {
      throw new IllegalArgumentException("ragK must be <= the retrieval depth k, since a candidate's contexts are its top "
          + "k; ragK=" + b.ragK + ", k=" + measuring.k());
    }
    this.ragK = b.ragK;
    this.synthetic = b.synthetic;
    this.pairSink = b.pairSink;
  }

  /** Documents the truncation probe embeds at each of its two lengths (a seeded sample of the corpus). */
  public static final int PROBE_DOCUMENTS = EmbeddingPass.PROBE_DOCUMENTS;

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The measures every bake-off reports, in report order. */
  List<Measure> measures() {
    return measuring.measures();
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
    CandidateRuns.Texts texts = texts(dataset);
    EmbeddingPass embedding = new EmbeddingPass(this);
    CandidateRuns runs = new CandidateRuns(this, embedding, texts);

    warmUpBlas();
    Map<String, CandidateRuns.Outcome> done = new LinkedHashMap<>();
    for (Candidate c : candidates) {
      if (c.kind() == Candidate.Kind.DENSE && !done.containsKey(c.name())) {
        // Every candidate of this embedding group shares one embedding pass.
        List<Candidate> group = candidates.stream().filter(x -> x.kind() == Candidate.Kind.DENSE
            && x.embeddingGroup().equals(c.embeddingGroup())).toList();
        done.putAll(runs.denseGroup(group));
      } else if (c.kind() == Candidate.Kind.LEXICAL) {
        done.put(c.name(), runs.retriever(c));
      }
    }
    String primary = measuring.primary().label();
    String bestDense = null;
    for (CandidateRuns.Outcome o : done.values()) {
      if (o.kind() == Candidate.Kind.DENSE && (bestDense == null
          || o.result().quality().mean(primary) > done.get(bestDense).result().quality().mean(primary))) {
        bestDense = o.result().name();
      }
    }
    for (Candidate c : candidates) {
      if (c.kind() == Candidate.Kind.HYBRID) {
        done.put(c.name(), runs.hybrid(c, done, bestDense));
      }
    }
    List<CandidateResult> results = new ArrayList<>();
    List<double[]> perQueryPrimary = new ArrayList<>();
    for (Candidate c : candidates) {
      CandidateRuns.Outcome o = done.get(c.name());
      results.add(ragK > 0 ? o.result().withRag(RagContext.of(o.run(), dataset.qrels(), ragK)) : o.result());
      perQueryPrimary.add(o.eval().values(measuring.primary()));
      if (runSink != null) {
        runSink.accept(c.name(), o.run());
      }
    }
    int bestIdx = measuring.best(results);
    String best = bestIdx < 0 ? null : results.get(bestIdx).name();
    List<Comparison> comparisons = bestIdx < 0 ? List.of() : measuring.compareWithBest(results, perQueryPrimary, bestIdx);
    List<Slice> slices = slicing ? slices(done) : List.of();
    List<TruncationProbe> probes = new ArrayList<>();
    if (truncationProbe && bestDense != null) {
      TruncationProbe p = embedding.probe(done.get(bestDense), texts);
      if (p != null) {
        probes.add(p);
      }
    }
    RunInfo run = Measuring.runInfo(version, "", Runtime.getRuntime().availableProcessors(), started,
        (System.nanoTime() - t0) / 1e9);
    return new BakeOffResult(run, measuring.settings(latencyQueries), Measuring.describe(dataset),
        Measuring.describe(pairDataset), results, best, comparisons, slices, probes, notes, synthetic);
  }

  /** Corpus ({@code title + " " + text}) and query texts and ids, in data set order. */
  static CandidateRuns.Texts texts(RetrievalDataset dataset) {
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
    return new CandidateRuns.Texts(docTexts, docIds, queryTexts, queryIds);
  }

  /** Groups queries by each tag with at least two values; every candidate's means per group. */
  private List<Slice> slices(Map<String, CandidateRuns.Outcome> done) {
    Map<String, Map<String, String>> tags = QueryTags.resolve(dataset.queries(), dataset.corpus(),
        dataset.qrels(), queryTags);
    List<String> evaluated = done.values().iterator().next().eval().queryIds();
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
          EvaluationResult ev = done.get(c.name()).eval();
          Map<String, Double> m = new LinkedHashMap<>();
          for (Measure me : measuring.measures()) {
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

  /** Implementation-Version of the bakeoff jar, else its Maven pom.properties, else "unknown". */
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
  public static final class Builder extends BakeOffSettings<Builder> {
    private PairDataset pairDataset;
    private final List<Candidate> candidates = new ArrayList<>();
    private int latencyQueries = 50;
    private int warmupQueries = 3;
    private boolean normalize = true;
    private int searchThreads = Runtime.getRuntime().availableProcessors();
    private Role pairRole = Role.DOCUMENT;
    private ProgressListener progress = ProgressListener.NONE;
    private String version;
    private Map<String, Map<String, String>> queryTags = Map.of();
    private boolean slicing = true;
    private boolean truncationProbe = true;
    private final List<String> notes = new ArrayList<>();
    private java.util.function.BiConsumer<String, Run> runSink;
    private int ragK = 5;
    private SyntheticSet synthetic;
    private BiConsumer<String, double[]> pairSink;

    private Builder() {
      super(256);
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
     * Receives every dense candidate's cosine per pair of the pair set (candidate name, cosines in
     * pair order) as it is scored, so a caller can write the scores behind Spearman, Pearson and
     * ROC-AUC (e.g. for scipy to check).
     */
    public Builder pairSink(BiConsumer<String, double[]> sink) {
      this.pairSink = sink;
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

    /**
     * The k of the RAGAS context metrics computed for every candidate (default 5; 0 turns them off).
     * Must not exceed the retrieval depth, since a candidate's contexts are its top k.
     */
    public Builder ragK(int k) {
      if (k < 0) {
        throw new IllegalArgumentException("ragK must be >= 0 (0 = off); ragK=" + k);
      }
      this.ragK = k;
      return this;
    }

    /** Marks the set as synthetic (questions from a language model), so every report says so at the top. */
    public Builder synthetic(SyntheticSet set) {
      this.synthetic = set;
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

    /** The pair set given, or null. */
    public PairDataset pairDatasetOrNull() {
      return pairDataset;
    }

    /** An optional sentence-pair set (STS-style) evaluated with every candidate. */
    public Builder pairDataset(PairDataset pairs) {
      this.pairDataset = pairs;
      return this;
    }

    /** Adds a candidate; names must be unique. */
    public Builder candidate(Candidate c) {
      Checks.notNull("candidate", c);
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

    /** Queries timed one by one for latency p50/p95 (default 50; 0 turns it off). */
    public Builder latencyQueries(int n) {
      this.latencyQueries = Checks.atLeast("latencyQueries", n, 0);
      return this;
    }

    /** Untimed single queries before the latency samples (default 3). */
    public Builder warmupQueries(int n) {
      this.warmupQueries = Checks.atLeast("warmupQueries", n, 0);
      return this;
    }

    /** L2-normalise every vector before search (default true: inner product = cosine). */
    public Builder normalize(boolean b) {
      this.normalize = b;
      return this;
    }

    /** Threads for the top-k scan (default: available processors). */
    public Builder searchThreads(int n) {
      this.searchThreads = Checks.atLeast("searchThreads", n, 1);
      return this;
    }

    /** Role for both sides of the pair set (default DOCUMENT: no bge instruction, e5 "passage: "). */
    public Builder pairRole(Role role) {
      this.pairRole = Checks.notNull("pairRole", role);
      return this;
    }

    /** Receives progress while corpora embed (default: none; see {@link ConsoleProgress}). */
    public Builder progress(ProgressListener p) {
      this.progress = p == null ? ProgressListener.NONE : p;
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
      requireReady(candidates.size());
      return new BakeOff(this, measuring());
    }
  }
}

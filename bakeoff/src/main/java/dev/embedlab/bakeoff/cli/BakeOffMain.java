package dev.embedlab.bakeoff.cli;

import dev.embedlab.core.retrieval.IndexFactory;
import dev.embedlab.core.retrieval.IndexSpecProvider;
import dev.embedlab.core.source.EmbedderSources;
import dev.embedlab.core.source.SourceContext;
import dev.embedlab.bakeoff.BakeOff;
import dev.embedlab.bakeoff.BakeOffResult;
import dev.embedlab.bakeoff.Candidate;
import dev.embedlab.bakeoff.ConsoleProgress;
import dev.embedlab.bakeoff.DatasetSubsets;
import dev.embedlab.bakeoff.IndexSpecs;
import dev.embedlab.bakeoff.ProgressListener;
import dev.embedlab.bakeoff.QueryTags;
import dev.embedlab.bakeoff.Words;
import dev.embedlab.bakeoff.report.BakeOffReports;
import dev.embedlab.bakeoff.report.ConsoleReport;
import dev.embedlab.data.BeirDatasets;
import dev.embedlab.data.PairDataset;
import dev.embedlab.data.PairDatasets;
import dev.embedlab.data.RetrievalDataset;
import dev.embedlab.data.Run;
import dev.embedlab.data.SquadDatasets;
import dev.embedlab.eval.lexical.LexicalAnalyzer;
import dev.embedlab.models.KnownModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The embedlab bake-off from the command line: the shipped models, BM25 and a BM25 + dense hybrid
 * on a retrieval set; a results table, per-slice tables and a recommendation on stdout; JSON,
 * Markdown and HTML reports in a new timestamped folder.
 *
 * <pre>
 * mvn -q -pl examples exec:java                      # on the bundled Korean/English demo set
 * mvn -q -pl examples exec:java -Dexec.args="--beir ../shared/data/scifact --split test --max-queries 100 --max-docs 2000"
 * mvn -q -pl examples exec:java -Dexec.args="--help"  # every option with a sentence
 * </pre>
 * Every model is named through {@link EmbedderSources} (a shipped catalog id, {@code onnx:DIR}, or any
 * {@code scheme:NAME} a source on the class path answers) and checked before any work starts. Runs
 * offline with the shipped models: they come from jars on the classpath, the demo set from this
 * module's resources. Exit code 2 for a command-line or data-file mistake (the message names the path
 * or value, what was expected and what exists), 1 for any other failure.
 */
public final class BakeOffMain {
  /** The models the default run compares. */
  public static final List<KnownModel> DEFAULT_MODELS = List.of(KnownModel.ALL_MINILM_L6_V2,
      KnownModel.ALL_MINILM_L6_V2_Q, KnownModel.BGE_SMALL_EN_V15_Q, KnownModel.E5_SMALL_V2_Q);

  /** The candidate property holding what the model folder's configuration did not give as is. */
  public static final String CONFIG_NOTES = "configNotes";

  /** The trec_eval qrels file written beside the run files. */
  public static final String QRELS_FILE = "qrels.txt";

  private static final String DEMO = "/demo/";
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
      .withZone(ZoneOffset.UTC);

  private BakeOffMain() {}

  /** The {@code embedlab} command line, bake-off by default ({@link Embedlab#main}). */
  public static void main(String[] args) {
    Embedlab.main(args);
  }

  /**
   * Runs the bake-off described by {@code args}.
   *
   * @return 0 when done (or after {@code --help}), 2 for a command-line or data-file mistake (the
   *     message and the usage line go to {@code err}), 1 for any other failure
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, System.getenv(), out, err);
  }

  /**
   * Runs the bake-off described by {@code args} with {@code env} as the environment the model sources
   * read ({@code OPENAI_API_KEY}, {@code OPENAI_BASE_URL}, {@code HF_HOME}, {@code HF_ENDPOINT},
   * {@code HF_HUB_OFFLINE}, …), so an application or a test controls it without touching the process.
   *
   * @return as {@link #run(String[], PrintStream, PrintStream)}
   */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    BakeOffOptions o;
    try {
      o = BakeOffOptions.parse(args, env);
    } catch (IllegalArgumentException e) {
      return usage(err, e.getMessage());
    }
    if (o.help()) {
      out.print(BakeOffOptions.helpText());
      out.println("model sources on the class path:");
      EmbedderSources.load().usages().forEach(u -> out.println("  " + u));
      return 0;
    }
    try {
      bakeOff(o, SourceContext.defaults().withEnv(env), out, err);
      return 0;
    } catch (DataException | BakeOffOptions.UsageException e) {
      return usage(err, e.getMessage());
    } catch (RuntimeException | IOException e) {
      err.println("bake-off failed: " + e);
      return 1;
    }
  }

  private static int usage(PrintStream err, String message) {
    err.println("bake-off: " + message);
    err.println(BakeOffOptions.USAGE);
    err.println("(--help lists every option)");
    return 2;
  }

  /** A data file the user named could not be read as expected (exit code 2). */
  public static final class DataException extends Exception {
    private static final long serialVersionUID = 1L;

    DataException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Runs the bake-off of parsed options; prints the summary and where the reports went. */
  public static BakeOffResult bakeOff(BakeOffOptions o, PrintStream out, PrintStream err)
      throws IOException, DataException {
    return bakeOff(o, SourceContext.defaults(), out, err);
  }

  /** As {@link #bakeOff(BakeOffOptions, PrintStream, PrintStream)}, the models opened with {@code base}'s environment. */
  static BakeOffResult bakeOff(BakeOffOptions o, SourceContext base, PrintStream out, PrintStream err)
      throws IOException, DataException {
    Loaded loaded = load(o);
    RetrievalDataset ds = loaded.dataset;
    List<String> notes = new ArrayList<>();
    if (o.maxQueries() > 0) {
      DatasetSubsets.Subset s = DatasetSubsets.firstQueries(ds, o.maxQueries());
      ds = s.dataset();
      if (!s.note().isEmpty()) {
        notes.add(s.note());
      }
    }
    if (o.maxDocs() > 0) {
      DatasetSubsets.Subset s = DatasetSubsets.sampleCorpus(ds, o.maxDocs(), o.seed());
      ds = s.dataset();
      if (!s.note().isEmpty()) {
        notes.add(s.note());
      }
    }
    EmbedderSources sources = EmbedderSources.load();
    SourceContext context = base;
    if (o.threads() > 0) {
      context = new SourceContext(context.env(), context.cacheDir(), o.threads(), null);
    }
    List<String> models = new ArrayList<>(ModelChoice.modelNames(o.models()));
    String koreanDefault = ModelChoice.koreanStaticDefault(o, ds, sources, context);
    if (koreanDefault != null) {
      models.add(koreanDefault);
    }
    List<String> denseNames = new ArrayList<>();
    models.forEach(m -> denseNames.add(ModelChoice.candidateName(m)));
    denseNames.addAll(o.modelDirs().keySet());
    Map<String, List<Index>> indexes = indexes(o.indexes(), denseNames);
    Map<String, Run> runs = new LinkedHashMap<>();
    BakeOff.Builder b = BakeOff.builder().dataset(ds).latencyQueries(o.latency())
        .queryTags(loaded.tags).truncationProbe(o.truncationProbe())
        .progress(o.quiet() ? ProgressListener.NONE : ConsoleProgress.toStderr());
    notes.forEach(b::note);
    if (koreanDefault != null) {
      b.note("Korean corpus: the default run includes " + koreanDefault + ", the Korean static model embedlab trains "
          + "(none of the shipped transformer models reads Korean)");
    }
    b.ragK(o.ragK());
    java.util.Optional<dev.embedlab.bakeoff.SyntheticSet> synthetic = SyntheticSets.read(o.beir());
    synthetic.ifPresent(b::synthetic);
    if (synthetic.isPresent()) {
      // one generating passage per question: slicing by it gives one-query slices
      b.queryTags(SyntheticSets.withoutGenerationTags(loaded.tags));
    }
    if (o.cache() == null && ModelChoice.modelNames(o.models()).stream().anyMatch(SyntheticSets::paid)) {
      b.note("vectors from a paid API are not stored: run with --cache DIR so that a second run costs nothing");
    }
    b.runSink(runs::put);
    Map<String, double[]> pairCosines = new LinkedHashMap<>();
    b.pairSink(pairCosines::put);
    if (!o.measures().isEmpty()) {
      b.measures(o.measures());
    }
    int deepest = 0;
    for (dev.embedlab.eval.metrics.Measure m : o.measures()) {
      deepest = Math.max(deepest, m.k());
    }
    if (o.primary() != null) {
      deepest = Math.max(deepest, o.primary().k());
    }
    if (o.ragK() > Math.max(100, deepest)) {
      throw new BakeOffOptions.UsageException("--rag-k " + o.ragK() + ": expected at most the retrieval depth "
          + Math.max(100, deepest) + " (a candidate's contexts are its top k)");
    }
    if (deepest > 100) {
      b.k(deepest); // retrieve deep enough for recall.1000 & co.; uncut measures use the top k (default 100)
    }
    if (o.primary() != null || !o.measures().isEmpty()) {
      b.primaryMeasure(o.primary() != null ? o.primary() : o.measures().get(0));
    }
    if (o.sts() != null) {
      PairDataset sts;
      try {
        // binary label = gold >= 4.0 (the shared oracle's convention) so ROC-AUC is reported too
        sts = PairDatasets.stsBenchmark(o.sts()).withLabelsFromScore(4.0);
      } catch (IOException | IllegalArgumentException | UncheckedIOException e) {
        throw new DataException("--sts " + o.sts() + ": expected an STS Benchmark TSV; " + e.getMessage(), e);
      }
      b.pairDataset(sts);
    }
    if (o.pairs() != null) {
      b.pairDataset(pairs(o));
    }
    int dense = 0;
    List<String> candidateNames = new ArrayList<>();
    List<Candidate> denseCandidates = new ArrayList<>();
    for (String m : models) {
      denseCandidates.addAll(withIndexes(ModelCandidates.candidate(ModelChoice.candidateName(m), m, sources, context, o.cache()),
          indexes.get(ModelChoice.candidateName(m))));
    }
    for (Map.Entry<String, Path> e : o.modelDirs().entrySet()) {
      Map<String, String> extra = new LinkedHashMap<>();
      extra.put("folder", e.getValue().toString());
      extra.put("queryPrefix", o.queryPrefix().getOrDefault(e.getKey(), ""));
      extra.put("documentPrefix", o.docPrefix().getOrDefault(e.getKey(), ""));
      String spec = ModelCandidates.folderSpec(e.getKey(), e.getValue(), o);
      denseCandidates.addAll(withIndexes(ModelCandidates.candidate(e.getKey(), spec, sources, context, o.cache())
          .description("ONNX model folder " + e.getValue()).describer(ModelCandidates.describer(extra, o.cache())),
          indexes.get(e.getKey())));
    }
    for (Candidate c : denseCandidates) {
      b.candidate(c);
      candidateNames.add(c.name());
      dense++;
    }
    int n = dense;
    if (o.bm25()) {
      LexicalAnalyzer a = ModelChoice.analyzer(o.bm25Analyzer(), ds.corpus());
      String bm25 = "bm25-" + (a == LexicalAnalyzer.KOREAN ? "nori" : a.name().toLowerCase(Locale.ROOT));
      b.candidate(Candidate.bm25(bm25, a));
      n++;
      if (o.hybridWith() != null && !candidateNames.contains(o.hybridWith())) {
        throw new BakeOffOptions.UsageException("--hybrid-with " + o.hybridWith() + ": expected the name of a dense "
            + "candidate; have " + candidateNames);
      }
      if (o.hybrid() && dense > 0) {
        // weights chosen on held-out halves: a far weaker dense model gets weight 0 instead of halving BM25
        b.candidate(Candidate.tunedHybrid("hybrid-rrf", bm25, o.hybridWith() != null ? o.hybridWith()
            : Candidate.BEST_DENSE));
        n++;
      }
    }
    synthetic.ifPresent(x -> out.println(BakeOffReports.syntheticLine(x)));
    ConsoleReport.wrap(out, String.format(Locale.ROOT, "bake-off: %s (%s, %s) on %s (%,d documents, %s)",
        Words.count(n, "candidate"), Words.count(dense, "dense model"), Words.count(n - dense, "baseline"), ds.id(),
        ds.corpus().size(), Words.count(ds.queries().size(), "query", "queries")), "  ");
    if (o.truncationProbe() && dense > 0) {
      ConsoleReport.wrap(out, "truncation probe: when the best dense model cuts documents, it re-embeds a seeded "
          + "sample of at most " + BakeOff.PROBE_DOCUMENTS + " documents and their queries at two lengths (about "
          + Math.min(2 * BakeOff.PROBE_DOCUMENTS, 2 * ds.corpus().size()) + " document embeddings more; "
          + "--no-truncation-probe skips it)", "  ");
    }
    BakeOffResult r = b.build().run();
    ConsoleReport.print(r, out);
    BakeOffReports.printCostAndRag(r, out);
    Path dir = reportFolder(o.out(), r.run().startedAt());
    BakeOffReports.Written w = BakeOffReports.writeAll(r, dir);
    Path runDir = dir.resolve("runs");
    Files.createDirectories(runDir);
    java.util.Set<String> used = new java.util.HashSet<>();
    for (Map.Entry<String, Run> e : runs.entrySet()) {
      e.getValue().writeTrec(runDir.resolve(runFileName(e.getKey(), used)), fileSafe(e.getKey()));
    }
    // trec_eval's qrels next to the runs: `trec_eval runs/qrels.txt runs/x.trec` works as is
    ds.qrels().writeTrec(runDir.resolve(QRELS_FILE));
    PairDataset pairSet = o.pairs() != null || o.sts() != null ? b.pairDatasetOrNull() : null;
    if (pairSet != null && !pairCosines.isEmpty()) {
      PairScores.write(runDir.resolve(PairScores.FILE), pairSet, pairCosines);
    }
    out.println();
    out.println("reports written to " + dir.toAbsolutePath() + ":");
    out.println("  " + w.json().getFileName() + ", "
        + w.markdown().getFileName() + ", " + w.html().getFileName() + ", runs/ (" + Words.count(runs.size(),
            "TREC run file") + " and " + QRELS_FILE + (pairCosines.isEmpty() ? "" : ", " + PairScores.FILE) + ")");
    return r;
  }

  /** A candidate name as a file name: letters, digits, '.', '_', '-' kept, anything else '_'. */
  static String fileSafe(String name) {
    String s = name.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[._]+", "");
    return s.isEmpty() ? "candidate" : s;
  }

  /** {@code <fileSafe(name)>.trec}, with a number added when two names map to the same file. */
  static String runFileName(String name, java.util.Set<String> used) {
    String base = fileSafe(name);
    String f = base + ".trec";
    for (int i = 2; !used.add(f.toLowerCase(Locale.ROOT)); i++) {
      f = base + "-" + i + ".trec";
    }
    return f;
  }

  /** One index spec for a model: its label (the spec as given) and factory. */
  record Index(String label, IndexFactory factory) {}

  /**
   * The index specs per dense model: {@code model:SPEC} for that model (when the spec starts with a
   * model name and ':'), any other spec for every model, in the order given.
   *
   * @throws BakeOffOptions.UsageException for a spec nothing handles, naming the known specs
   */
  static Map<String, List<Index>> indexes(List<String> specs, List<String> models) {
    Map<String, List<Index>> out = new LinkedHashMap<>();
    List<IndexSpecProvider> providers = IndexSpecs.providers();
    for (String spec : specs) {
      // the longest model name followed by ':' (a model name may itself hold a colon: hf:ORG/NAME)
      String model = null;
      for (String m : models) {
        if (spec.startsWith(m + ":") && (model == null || m.length() > model.length())) {
          model = m;
        }
      }
      String s = model == null ? spec : spec.substring(model.length() + 1).strip();
      IndexFactory f;
      try {
        f = IndexSpecs.parse(s, providers);
      } catch (IllegalArgumentException e) {
        String unknownModel = model == null ? unknownModelPrefix(spec, providers) : null;
        throw new BakeOffOptions.UsageException("--index " + spec + ": " + (unknownModel != null
            ? "model " + unknownModel + " is not a model of this run; expected one of " + models
            : e.getMessage()));
      }
      // the label keeps the case given (hnsw:M=16), so --hybrid-with '<model> hnsw:M=16' names it
      for (String m : model == null ? models : List.of(model)) {
        List<Index> l = out.computeIfAbsent(m, x -> new ArrayList<>());
        if (l.stream().noneMatch(i -> i.label().equalsIgnoreCase(s))) {
          l.add(new Index(s, f));
        }
      }
    }
    return out;
  }

  /**
   * The part of {@code spec} before a ':' when what follows it is a valid index spec (so the prefix
   * can only have meant a model), else null.
   */
  private static String unknownModelPrefix(String spec, List<IndexSpecProvider> providers) {
    for (int i = spec.indexOf(':'); i > 0; i = spec.indexOf(':', i + 1)) {
      try {
        IndexSpecs.parse(spec.substring(i + 1), providers);
        return spec.substring(0, i);
      } catch (IllegalArgumentException notAfterThisColon) {
        // try the next colon: a model name may hold one (hf:ORG/NAME)
      }
    }
    return null;
  }

  /**
   * The model's candidates: itself (exact search) without specs, else one candidate
   * {@code "model SPEC"} per spec, all in the model's embedding group (one embedding pass).
   */
  static List<Candidate> withIndexes(Candidate.Builder model, List<Index> specs) {
    if (specs == null || specs.isEmpty()) {
      return List.of(model.build());
    }
    Candidate base = model.build();
    List<Candidate> out = new ArrayList<>();
    for (Index i : specs) {
      out.add(model.name(base.name() + " " + i.label()).index(i.label(), i.factory()).embeddingGroup(base.name())
          .build());
    }
    return out;
  }

  private static PairDataset pairs(BakeOffOptions o) throws DataException {
    List<String> c = o.pairColumns();
    try {
      PairDataset p = PairDatasets.delimited(o.pairs(), o.delimiter(), true, c.get(0), c.get(1), c.get(2), null);
      return Double.isNaN(o.threshold()) ? p : p.withLabelsFromScore(o.threshold());
    } catch (IOException | IllegalArgumentException | UncheckedIOException e) {
      throw new DataException("--pairs " + o.pairs() + " (--columns " + String.join(",", c) + ", delimiter "
          + (o.delimiter() == '\t' ? "TAB" : String.valueOf(o.delimiter())) + "): " + e.getMessage(), e);
    }
  }

  /** A new folder under {@code parent} named by the start time (UTC), never an existing one. */
  static Path reportFolder(Path parent, java.time.Instant started) throws IOException {
    String stamp = STAMP.format(started);
    Path dir = parent.resolve(stamp);
    for (int i = 2; Files.exists(dir); i++) {
      dir = parent.resolve(stamp + "-" + i);
    }
    Files.createDirectories(dir);
    return dir;
  }


  /** A data set with the tags its queries carry. */
  private record Loaded(RetrievalDataset dataset, Map<String, Map<String, String>> tags) {}

  private static Loaded load(BakeOffOptions o) throws IOException, DataException {
    if (o.beir() != null) {
      try {
        RetrievalDataset d = BeirDatasets.load(o.beir(), o.split());
        return new Loaded(d, QueryTags.readBeirMetadata(o.beir().resolve("queries.jsonl")));
      } catch (IOException | IllegalArgumentException | UncheckedIOException e) {
        throw new DataException("--beir " + o.beir() + " (split " + o.split() + "): expected a readable BEIR folder; "
            + e.getMessage(), e);
      }
    }
    if (o.squad() != null) {
      try {
        return new Loaded(SquadDatasets.load(o.squad()), Map.of());
      } catch (IOException | IllegalArgumentException | UncheckedIOException e) {
        throw new DataException("--squad " + o.squad() + ": expected a SQuAD-format JSON file; " + e.getMessage(), e);
      }
    }
    return demoWithTags();
  }

  /** The bundled Korean/English demo set (copied from the classpath to a temporary folder). */
  public static RetrievalDataset demo() throws IOException {
    return demoWithTags().dataset;
  }

  /** The demo set's per-query tags (language, domain, type) from its {@code queries.jsonl} metadata. */
  public static Map<String, Map<String, String>> demoTags() throws IOException {
    return demoWithTags().tags;
  }

  private static Loaded demoWithTags() throws IOException {
    Path dir = Files.createTempDirectory("embedlab-demo");
    Files.createDirectories(dir.resolve("qrels"));
    for (String f : List.of("corpus.jsonl", "queries.jsonl", "qrels/test.tsv")) {
      try (InputStream in = BakeOffMain.class.getResourceAsStream(DEMO + f)) {
        if (in == null) {
          throw new IOException("demo resource missing from the classpath: " + DEMO + f);
        }
        Files.copy(in, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    try {
      RetrievalDataset d = BeirDatasets.load(dir, "test");
      Map<String, Map<String, String>> tags = QueryTags.readBeirMetadata(dir.resolve("queries.jsonl"));
      return new Loaded(new RetrievalDataset("embedlab-demo/test", "Apache-2.0 (embedlab demo set, original text)",
          "embedlab bakeoff/src/main/resources/demo", d.corpus(), d.queries(), d.qrels(), d.warnings()), tags);
    } finally {
      for (String f : List.of("qrels/test.tsv", "qrels", "corpus.jsonl", "queries.jsonl", "")) {
        Files.deleteIfExists(dir.resolve(f));
      }
    }
  }



}

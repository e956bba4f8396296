package dev.embedlab.examples;

import dev.embedlab.core.Embedder;
import dev.embedlab.eval.bakeoff.BakeOff;
import dev.embedlab.eval.bakeoff.BakeOffResult;
import dev.embedlab.eval.bakeoff.Candidate;
import dev.embedlab.eval.bakeoff.CandidateResult;
import dev.embedlab.eval.bakeoff.Comparison;
import dev.embedlab.eval.bakeoff.ConsoleProgress;
import dev.embedlab.eval.bakeoff.ProgressListener;
import dev.embedlab.eval.bakeoff.report.BakeOffReports;
import dev.embedlab.eval.data.BeirDatasets;
import dev.embedlab.eval.data.PairDataset;
import dev.embedlab.eval.data.PairDatasets;
import dev.embedlab.eval.data.Query;
import dev.embedlab.eval.data.RetrievalDataset;
import dev.embedlab.eval.data.SquadDatasets;
import dev.embedlab.models.CachingEmbedder;
import dev.embedlab.models.KnownModel;
import dev.embedlab.models.OnnxEmbedder;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The embedlab bake-off from the command line: the shipped models on a retrieval set, a results
 * table on stdout, and JSON/Markdown/HTML reports in a folder.
 *
 * <pre>
 * mvn -q -pl examples exec:java                      # shipped models on the bundled Korean/English demo set
 * mvn -q -pl examples exec:java -Dexec.args="--beir ../shared/data/scifact --split test"
 *
 * options:
 *   --beir DIR          a BEIR folder (corpus.jsonl[.gz], queries.jsonl, qrels/SPLIT.tsv); default: the demo set
 *   --split NAME        qrels split (default test)
 *   --squad FILE        a SQuAD-format JSON (e.g. KorQuAD) turned into retrieval instead of --beir
 *   --max-queries N     evaluate only the first N queries (a subset; the report's data set id says so)
 *   --sts FILE          also score an STS Benchmark TSV (Spearman/Pearson of cosine vs. gold score,
 *                       ROC-AUC vs. gold >= 4.0)
 *   --models a,b        catalog models by id or enum name (default: all-minilm-l6-v2, all-minilm-l6-v2-q,
 *                       bge-small-en-v1.5-q, e5-small-v2-q)
 *   --out DIR           report folder (default target/bakeoff)
 *   --cache DIR         reuse/store embeddings on disk (CachingEmbedder); speed figures are then flagged
 *   --latency N         queries timed one by one (default 50)
 *   --threads N         ONNX Runtime intra-op threads per model (default: ONNX Runtime's choice)
 *   --quiet             no progress bar
 * </pre>
 * Runs offline: the models come from jars on the classpath, the demo set from this module's resources.
 */
public final class BakeOffMain {
  /** The models the default run compares. */
  public static final List<KnownModel> DEFAULT_MODELS = List.of(KnownModel.ALL_MINILM_L6_V2,
      KnownModel.ALL_MINILM_L6_V2_Q, KnownModel.BGE_SMALL_EN_V15_Q, KnownModel.E5_SMALL_V2_Q);

  private static final String DEMO = "/demo/";

  private BakeOffMain() {}

  public static void main(String[] args) throws IOException {
    System.setProperty("OPT_OUT_TRACKING", "true");
    try {
      run(args, System.out);
    } catch (IllegalArgumentException e) {
      System.err.println("bake-off: " + e.getMessage());
      System.err.println("usage: BakeOffMain [--beir DIR [--split test] | --squad FILE] [--max-queries N] "
          + "[--sts FILE] [--models a,b] [--out DIR] [--cache DIR] [--latency N] [--threads N] [--quiet]");
      System.exit(2);
    }
  }

  /** Runs the bake-off described by {@code args}, prints the table to {@code out}, returns the result. */
  public static BakeOffResult run(String[] args, PrintStream out) throws IOException {
    Map<String, String> opt = parse(args);
    Path outDir = Path.of(opt.getOrDefault("out", "target/bakeoff"));
    RetrievalDataset ds = dataset(opt);
    if (opt.containsKey("max-queries")) {
      ds = firstQueries(ds, positive(opt, "max-queries"));
    }
    List<KnownModel> models = models(opt.get("models"));
    Path cache = opt.containsKey("cache") ? Path.of(opt.get("cache")) : null;
    Integer threads = opt.containsKey("threads") ? positive(opt, "threads") : null;

    BakeOff.Builder b = BakeOff.builder().dataset(ds)
        .latencyQueries(opt.containsKey("latency") ? Integer.parseInt(opt.get("latency")) : 50)
        .progress(opt.containsKey("quiet") ? ProgressListener.NONE : ConsoleProgress.toStderr());
    if (opt.containsKey("sts")) {
      // binary label = gold >= 4.0 (the shared oracle's convention) so ROC-AUC is reported too
      PairDataset sts = PairDatasets.stsBenchmark(Path.of(opt.get("sts"))).withLabelsFromScore(4.0);
      b.pairDataset(sts);
    }
    for (KnownModel m : models) {
      b.candidate(candidate(m, cache, threads));
    }
    out.printf(Locale.ROOT, "bake-off: %d models on %s (%,d documents, %,d queries)%n", models.size(),
        ds.id(), ds.corpus().size(), ds.queries().size());
    BakeOffResult r = b.build().run();
    printTable(r, out);
    BakeOffReports.Written w = BakeOffReports.writeAll(r, outDir);
    out.println("reports: " + w.json() + ", " + w.markdown() + ", " + w.html());
    return r;
  }

  /** A candidate for a catalog model, optionally behind the on-disk cache. */
  static Candidate candidate(KnownModel m, Path cache, Integer threads) {
    return Candidate.builder(m.id(), () -> {
      OnnxEmbedder.Builder ob = OnnxEmbedder.builder(m);
      if (threads != null) {
        ob.intraOpThreads(threads);
      }
      Embedder e = ob.build();
      return cache == null ? e : CachingEmbedder.wrap(e, cache);
    }).description(m.name() + " (" + m.licence() + ", " + m.mavenCoordinates() + ")")
        .cachedEmbeddings(cache != null)
        .describer(e -> {
          Embedder inner = e instanceof CachingEmbedder c ? c.delegate() : e;
          Map<String, String> p = new LinkedHashMap<>();
          if (inner instanceof OnnxEmbedder o) {
            p.put("sha256", o.modelSha256());
            p.put("pooling", o.pooling().name());
            p.put("maxLength", Integer.toString(o.maxLength()));
            p.put("normalize", Boolean.toString(o.normalize()));
          }
          p.put("queryPrefix", m.queryPrefix());
          p.put("documentPrefix", m.documentPrefix());
          if (cache != null) {
            p.put("cache", cache.toString());
          }
          return p;
        }).build();
  }

  static RetrievalDataset dataset(Map<String, String> opt) throws IOException {
    if (opt.containsKey("beir") && opt.containsKey("squad")) {
      throw new IllegalArgumentException("give --beir or --squad, not both");
    }
    if (opt.containsKey("beir")) {
      return BeirDatasets.load(Path.of(opt.get("beir")), opt.getOrDefault("split", "test"));
    }
    if (opt.containsKey("squad")) {
      return SquadDatasets.load(Path.of(opt.get("squad")));
    }
    return demo();
  }

  /** The bundled Korean/English demo set (copied from the classpath to a temporary folder). */
  public static RetrievalDataset demo() throws IOException {
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
      return new RetrievalDataset("embedlab-demo/test", "Apache-2.0 (embedlab demo set, original text)",
          "embedlab examples/src/main/resources/demo", d.corpus(), d.queries(), d.qrels(), d.warnings());
    } finally {
      for (String f : List.of("qrels/test.tsv", "qrels", "corpus.jsonl", "queries.jsonl", "")) {
        Files.deleteIfExists(dir.resolve(f));
      }
    }
  }

  /** The data set restricted to its first {@code n} queries (and their judgments). */
  static RetrievalDataset firstQueries(RetrievalDataset ds, int n) {
    if (n >= ds.queries().size()) {
      return ds;
    }
    List<Query> qs = ds.queries().subList(0, n);
    Set<String> ids = new HashSet<>();
    qs.forEach(q -> ids.add(q.id()));
    return new RetrievalDataset(ds.id() + " (first " + n + " of " + ds.queries().size() + " queries)",
        ds.licence(), ds.source(), ds.corpus(), qs, ds.qrels().restrictTo(ids), ds.warnings());
  }

  static List<KnownModel> models(String spec) {
    if (spec == null || spec.isBlank()) {
      return DEFAULT_MODELS;
    }
    List<KnownModel> out = new ArrayList<>();
    for (String s : spec.split(",")) {
      String t = s.trim();
      KnownModel found = null;
      for (KnownModel m : KnownModel.values()) {
        if (m.id().equalsIgnoreCase(t) || m.name().equalsIgnoreCase(t)) {
          found = m;
        }
      }
      if (found == null) {
        List<String> known = new ArrayList<>();
        for (KnownModel m : KnownModel.values()) {
          known.add(m.id());
        }
        throw new IllegalArgumentException("unknown model \"" + t + "\"; known: " + known);
      }
      out.add(found);
    }
    return out;
  }

  static void printTable(BakeOffResult r, PrintStream out) {
    String pm = r.settings().primaryMeasure();
    List<String> ms = r.settings().measures();
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-22s", "model"));
    for (String m : ms) {
      head.append(String.format(Locale.ROOT, " %9s", m));
    }
    head.append(String.format(Locale.ROOT, " %24s %8s %9s %7s %7s", "Δ" + pm + " [95% CI]", "p(Holm)",
        "docs/s", "p50 ms", "p95 ms"));
    if (r.pairDataset() != null) {
      head.append(String.format(Locale.ROOT, " %9s", "Spearman"));
    }
    out.println(head);
    List<CandidateResult> ranked = new ArrayList<>(r.candidates());
    ranked.sort((a, c) -> Double.compare(c.quality().mean(pm), a.quality().mean(pm)));
    for (CandidateResult c : ranked) {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-22s", c.name()));
      for (String m : ms) {
        row.append(String.format(Locale.ROOT, " %9.4f", c.quality().mean(m)));
      }
      Comparison cmp = r.comparison(c.name()).orElse(null);
      row.append(cmp == null ? String.format(Locale.ROOT, " %24s %8s", "(best)", "")
          : String.format(Locale.ROOT, " %+8.4f [%+.3f,%+.3f] %8.4f", cmp.meanDifference(), cmp.ci().lower(),
              cmp.ci().upper(), cmp.pHolm()));
      row.append(String.format(Locale.ROOT, " %9.1f %7.1f %7.1f", c.timing().docsPerSecond(),
          c.latency().p50Millis(), c.latency().p95Millis()));
      if (c.pairs() != null) {
        row.append(String.format(Locale.ROOT, " %9.4f", c.pairs().spearman()));
      }
      out.println(row);
    }
    out.printf(Locale.ROOT, "best on %s: %s; total %.1f s%n", pm, r.best(), r.run().totalSeconds());
  }

  private static int positive(Map<String, String> opt, String key) {
    int v;
    try {
      v = Integer.parseInt(opt.get(key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + key + " must be an integer; --" + key + "=" + opt.get(key));
    }
    if (v < 1) {
      throw new IllegalArgumentException("--" + key + " must be >= 1; --" + key + "=" + v);
    }
    return v;
  }

  static Map<String, String> parse(String[] args) {
    Set<String> flags = Set.of("quiet");
    Set<String> valued = Set.of("beir", "split", "squad", "max-queries", "sts", "models", "out", "cache",
        "latency", "threads");
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument \"" + a + "\"");
      }
      String k = a.substring(2);
      if (flags.contains(k)) {
        m.put(k, "true");
      } else if (valued.contains(k)) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("--" + k + " needs a value");
        }
        m.put(k, args[++i]);
      } else {
        throw new IllegalArgumentException("unknown option --" + k);
      }
    }
    return m;
  }
}

package dev.embedlab.bakeoff.cli;

import dev.embedlab.core.source.EmbedderSources;
import dev.embedlab.core.source.SourceContext;
import dev.embedlab.eval.metrics.Measure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code embedlab bakeoff} options as picocli binds them (help sentences in
 * {@code BakeOffOptions.properties}), and the checks that turn them into a {@link BakeOffOptions}:
 * every mistake becomes a {@link BakeOffOptions.UsageException} naming the option, the value, what
 * was expected and what exists; every candidate model is checked through {@link EmbedderSources}.
 */
@Command(name = "bakeoff", sortOptions = false, usageHelpAutoWidth = true,
    resourceBundle = "dev.embedlab.bakeoff.cli.BakeOffOptions",
    description = "The embedlab bake-off: candidates on a retrieval set, a table, slices, a recommendation, and "
        + "JSON/Markdown/HTML reports.",
    footer = {"", "exit codes: 0 done, 2 a command-line or data-file mistake (message + usage), 1 anything else."})
final class BakeOffArgs {

  @Option(names = "--beir", paramLabel = "DIR") private Path beirArg;
  @Option(names = "--split", paramLabel = "NAME") private String splitArg = "test";
  @Option(names = "--squad", paramLabel = "FILE") private Path squadArg;
  @Option(names = "--max-queries", paramLabel = "N", converter = Converters.Count1.class) private int maxQueriesArg;
  @Option(names = "--max-docs", paramLabel = "M", converter = Converters.Count1.class) private int maxDocsArg;
  @Option(names = "--seed", paramLabel = "S", converter = Converters.Seed.class) private long seedArg = 42;
  @Option(names = "--sts", paramLabel = "FILE") private Path stsArg;
  @Option(names = "--models", paramLabel = "a,b") private String modelsArg;
  @Option(names = "--model-dir", paramLabel = "name=DIR") private List<String> modelDirArgs = new ArrayList<>();
  @Option(names = "--pooling", paramLabel = "name=mean|cls|max") private List<String> poolingArgs = new ArrayList<>();
  @Option(names = "--query-prefix", paramLabel = "name=TEXT") private List<String> queryPrefixArgs = new ArrayList<>();
  @Option(names = "--doc-prefix", paramLabel = "name=TEXT") private List<String> docPrefixArgs = new ArrayList<>();
  @Option(names = "--no-bm25") private boolean noBm25;
  @Option(names = "--bm25-analyzer", paramLabel = "A") private String analyzerArg = "auto";
  @Option(names = "--no-hybrid") private boolean noHybrid;
  @Option(names = "--no-truncation-probe") private boolean noTruncationProbe;
  @Option(names = "--measures", paramLabel = "m1,m2") private String measuresArg;
  @Option(names = "--primary", paramLabel = "M") private String primaryArg;
  @Option(names = "--index", paramLabel = "[model:]SPEC") private List<String> indexArgs = new ArrayList<>();
  @Option(names = "--hybrid-with", paramLabel = "NAME") private String hybridWithArg;
  @Option(names = "--pairs", paramLabel = "FILE") private Path pairsArg;
  @Option(names = "--columns", paramLabel = "a,b,score") private String columnsArg;
  @Option(names = "--delimiter", paramLabel = "D") private String delimiterArg;
  @Option(names = "--threshold", paramLabel = "X") private String thresholdArg;
  @Option(names = "--out", paramLabel = "DIR") private Path outArg = Path.of("target/bakeoff");
  @Option(names = "--cache", paramLabel = "DIR") private Path cacheArg;
  @Option(names = "--latency", paramLabel = "N", converter = Converters.Count0.class) private int latencyArg = 50;
  @Option(names = "--rag-k", paramLabel = "K", converter = Converters.Count0.class) private int ragKArg = 5;
  @Option(names = "--threads", paramLabel = "N", converter = Converters.Count1.class) private int threadsArg;
  @Option(names = "--quiet") private boolean quietArg;
  @Option(names = {"--help", "-h"}, usageHelp = true, description = "Print this help and exit.") private boolean helpArg;

  // ---- checked values, set by check()
  private Map<String, Path> modelDirs = Map.of();
  private Map<String, String> pooling = Map.of();
  private Map<String, String> queryPrefix = Map.of();
  private Map<String, String> docPrefix = Map.of();
  private List<Measure> measures = List.of();
  private Measure primary;
  private List<String> pairColumns = List.of();
  private char delimiter = '\t';
  private double threshold = Double.NaN;

  private Map<String, String> env = System.getenv();

  BakeOffArgs() {}
  /** Binds {@code args}, checks them (model names against {@code env}) and returns the checked values. */
  static BakeOffOptions parse(String[] args, Map<String, String> env) {
    BakeOffArgs a = new BakeOffArgs();
    a.env = env;
    CommandLine cl = Embedlab.commandLine(a);
    try {
      cl.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw new BakeOffOptions.UsageException(Embedlab.message(e));
    }
    return a.helpArg ? a.options() : a.check();
  }

  /** Checks the parsed values, sets the typed ones and returns them all. */
  BakeOffOptions check() {
    Map<String, Path> dirs = new LinkedHashMap<>();
    for (String value : modelDirArgs) {
      String[] kv = keyValue("--model-dir", value, "name=DIR");
      if (dirs.put(kv[0], Path.of(kv[1])) != null) {
        throw new BakeOffOptions.UsageException("--model-dir " + value + ": the name \"" + kv[0] + "\" is given twice; "
            + "expected one folder per name");
      }
    }
    Map<String, String> pool = new LinkedHashMap<>();
    for (String value : poolingArgs) {
      String[] kv = keyValue("--pooling", value, "name=mean|cls|max");
      String p = kv[1].toUpperCase(Locale.ROOT);
      if (!List.of("MEAN", "CLS", "MAX").contains(p)) {
        throw new BakeOffOptions.UsageException("--pooling " + value + ": expected mean, cls or max; found \"" + kv[1] + "\"");
      }
      pool.put(kv[0], p);
    }
    Map<String, String> qp = new LinkedHashMap<>();
    for (String value : queryPrefixArgs) {
      String[] kv = keyValue("--query-prefix", value, "name=TEXT");
      qp.put(kv[0], kv[1]);
    }
    Map<String, String> dp = new LinkedHashMap<>();
    for (String value : docPrefixArgs) {
      String[] kv = keyValue("--doc-prefix", value, "name=TEXT");
      dp.put(kv[0], kv[1]);
    }
    for (Map<String, String> m : List.of(pool, qp, dp)) {
      for (String name : m.keySet()) {
        if (!dirs.containsKey(name)) {
          throw new BakeOffOptions.UsageException("--pooling/--query-prefix/--doc-prefix name \"" + name + "\": expected the name "
              + "of a --model-dir candidate; have " + (dirs.isEmpty() ? "none" : dirs.keySet()));
        }
      }
    }
    for (String spec : indexArgs) {
      if (spec.isBlank()) {
        throw new BakeOffOptions.UsageException("--index needs a spec; expected --index [model:]SPEC");
      }
    }
    indexArgs = indexArgs.stream().map(String::strip).toList();
    modelDirs = Collections.unmodifiableMap(dirs);
    pooling = Map.copyOf(pool);
    queryPrefix = Map.copyOf(qp);
    docPrefix = Map.copyOf(dp);
    if (beirArg != null && squadArg != null) {
      throw new BakeOffOptions.UsageException("--beir " + beirArg + " and --squad " + squadArg
          + ": expected one data set; give --beir or --squad, not both");
    }
    if (!splitArg.equals("test") && beirArg == null) {
      throw new BakeOffOptions.UsageException("--split " + splitArg + ": " + (squadArg != null ? "a SQuAD file has no splits"
          : "the bundled demo set has only the split \"test\"") + "; expected --beir DIR with --split");
    }
    String analyzer = analyzerArg.toLowerCase(Locale.ROOT);
    if (!List.of("auto", "english", "korean", "standard").contains(analyzer)) {
      throw new BakeOffOptions.UsageException("--bm25-analyzer " + analyzerArg + ": expected auto, english, korean or standard");
    }
    analyzerArg = analyzer;
    checkMeasures();
    checkPairs();
    if (hybridWithArg != null && (noBm25 || noHybrid)) {
      throw new BakeOffOptions.UsageException("--hybrid-with " + hybridWithArg + ": there is no hybrid with "
          + (noBm25 ? "--no-bm25" : "--no-hybrid"));
    }
    checkFiles();
    BakeOffOptions checked = options();
    checkModels(checked, EmbedderSources.load(), SourceContext.defaults().withEnv(env));
    return checked;
  }

  private void checkMeasures() {
    List<Measure> ms = new ArrayList<>();
    if (measuresArg != null) {
      for (String m : measuresArg.split(",")) {
        if (!m.isBlank()) {
          Measure x = measure("--measures " + measuresArg, m);
          if (!ms.contains(x)) {
            ms.add(x);
          }
        }
      }
      if (ms.isEmpty()) {
        throw new BakeOffOptions.UsageException("--measures " + measuresArg + ": expected at least one measure; " + VALID_MEASURES);
      }
    }
    measures = List.copyOf(ms);
    primary = primaryArg != null ? measure("--primary " + primaryArg, primaryArg) : null;
  }

  private void checkPairs() {
    if (columnsArg != null) {
      List<String> columns = java.util.Arrays.stream(columnsArg.split(",", -1)).map(String::strip).toList();
      if (columns.size() != 3 || columns.stream().anyMatch(String::isEmpty)) {
        throw new BakeOffOptions.UsageException("--columns " + columnsArg + ": expected three column names a,b,score; found "
            + columns.size() + " name(s)" + (columns.stream().anyMatch(String::isEmpty) ? " (one is empty)" : ""));
      }
      pairColumns = columns;
    }
    if (pairsArg != null && pairColumns.isEmpty()) {
      throw new BakeOffOptions.UsageException("--pairs " + pairsArg + ": expected --columns a,b,score naming the two text columns and "
          + "the gold score column of its header");
    }
    Map<String, String> pairOnly = new LinkedHashMap<>();
    pairOnly.put("--columns", columnsArg);
    pairOnly.put("--delimiter", delimiterArg);
    pairOnly.put("--threshold", thresholdArg);
    pairOnly.forEach((only, value) -> {
      if (pairsArg == null && value != null) {
        throw new BakeOffOptions.UsageException(only + " " + value + ": applies to --pairs FILE, which is not given");
      }
    });
    if (delimiterArg != null) {
      delimiter = switch (delimiterArg.toUpperCase(Locale.ROOT)) {
        case "TAB", "\\T", "\t" -> '\t';
        case ",", "COMMA" -> ',';
        case ";", "SEMICOLON" -> ';';
        default -> throw new BakeOffOptions.UsageException("--delimiter " + delimiterArg + ": expected TAB, \",\" or \";\"");
      };
    }
    if (thresholdArg != null) {
      try {
        threshold = Double.parseDouble(thresholdArg.strip());
      } catch (NumberFormatException e) {
        throw new BakeOffOptions.UsageException("--threshold " + thresholdArg + ": expected a number; found \"" + thresholdArg + "\"");
      }
      if (!Double.isFinite(threshold)) {
        throw new BakeOffOptions.UsageException("--threshold " + thresholdArg + ": expected a finite number");
      }
    }
    if (pairsArg != null && stsArg != null) {
      throw new BakeOffOptions.UsageException("--pairs " + pairsArg + " and --sts " + stsArg + ": expected one pair set; give --sts or "
          + "--pairs, not both");
    }
  }

  /**
   * Checks every candidate model through its source, without loading weights: the {@code --models}
   * names and each {@code --model-dir} folder.
   */
  void checkModels(BakeOffOptions checked, EmbedderSources sources, SourceContext context) {
    for (String name : ModelChoice.modelNames(modelsArg)) {
      ModelChoice.check(sources, "--models", modelsArg, name, context);
    }
    for (Map.Entry<String, Path> e : modelDirs.entrySet()) {
      try {
        sources.validate(ModelCandidates.folderSpec(e.getKey(), e.getValue(), checked), context);
      } catch (IllegalArgumentException ex) {
        throw new BakeOffOptions.UsageException("--model-dir " + e.getKey() + "=" + e.getValue() + ": " + ex.getMessage()
            + (Files.isDirectory(e.getValue()) ? "" : "; " + PathChecks.parentListing(e.getValue())));
      }
    }
  }

  /** Every measure name {@code --measures} takes, for the error on an unknown one. */
  static final String VALID_MEASURES = "valid names: ndcg_cut.k, ndcg, map_cut.k, map, P.k, recall.k, recip_rank "
      + "(or mrr), mrr_cut.k, success.k, Rprec (k a whole number >= 1, e.g. ndcg_cut.10; nDCG@10 and ndcg_cut_10 "
      + "work too)";

  /** A measure by trec_eval name ({@code ndcg_cut.10}, {@code P.1}) or any name {@link Measure#parse} takes. */
  static Measure measure(String context, String name) {
    String t = name.strip();
    int dot = t.lastIndexOf('.');
    String n = dot > 0 ? t.substring(0, dot) + "_" + t.substring(dot + 1) : t;
    try {
      return Measure.parse(n);
    } catch (IllegalArgumentException e) {
      throw new BakeOffOptions.UsageException(context + ": unknown measure \"" + t + "\"; " + VALID_MEASURES);
    }
  }

  /** Checks that every path exists and has the expected shape. */
  void checkFiles() {
    if (beirArg != null) {
      PathChecks.checkBeir(beirArg, splitArg);
    }
    if (squadArg != null) {
      PathChecks.checkFile("--squad", squadArg, "a SQuAD-format JSON file", "--beir");
    }
    if (stsArg != null) {
      PathChecks.checkFile("--sts", stsArg, "an STS Benchmark TSV file", null);
    }
    if (pairsArg != null) {
      PathChecks.checkFile("--pairs", pairsArg, "a delimited sentence-pair file with a header line", null);
    }
    if (cacheArg != null && Files.exists(cacheArg) && !Files.isDirectory(cacheArg)) {
      throw new BakeOffOptions.UsageException("--cache " + cacheArg + " is a file; expected a folder (created when missing)");
    }
    if (Files.exists(outArg) && !Files.isDirectory(outArg)) {
      throw new BakeOffOptions.UsageException("--out " + outArg + " is a file; expected a folder (created when missing)");
    }
  }

  private static String[] keyValue(String option, String value, String expected) {
    int eq = value.indexOf('=');
    if (eq <= 0 || eq == value.length() - 1 && !option.endsWith("prefix")) {
      throw new BakeOffOptions.UsageException(option + " " + value + ": expected " + expected);
    }
    return new String[] {value.substring(0, eq), value.substring(eq + 1)};
  }

  /** The values as they stand (checked after {@link #check()}). */
  BakeOffOptions options() {
    return new BakeOffOptions(
        beirArg,
        splitArg,
        squadArg,
        maxQueriesArg,
        maxDocsArg,
        seedArg,
        stsArg,
        modelsArg,
        modelDirs,
        pooling,
        queryPrefix,
        docPrefix,
        !noBm25,
        analyzerArg,
        !noBm25 && !noHybrid,
        !noTruncationProbe,
        outArg,
        cacheArg,
        latencyArg,
        ragKArg,
        threadsArg,
        quietArg,
        helpArg,
        measures,
        primary,
        List.copyOf(indexArgs),
        pairsArg,
        pairColumns,
        delimiter,
        threshold,
        hybridWithArg);
  }
}

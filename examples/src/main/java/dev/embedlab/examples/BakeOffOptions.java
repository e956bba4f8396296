package dev.embedlab.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The bake-off's command line, parsed and checked: every mistake a user can make with a path or a
 * number becomes a {@link UsageException} whose message names the option, the value, what was
 * expected and what exists (e.g. the qrels splits found). {@link BakeOffMain} turns it into exit
 * code 2 and the usage line.
 *
 * @param beir BEIR folder, or {@code null} (then {@code squad}, else the bundled demo set)
 * @param split qrels split
 * @param squad SQuAD-format JSON file, or {@code null}
 * @param maxQueries first N queries only, or 0 for all
 * @param maxDocs corpus subset size, or 0 for the whole corpus
 * @param seed seed of the corpus sample
 * @param sts STS Benchmark TSV, or {@code null}
 * @param models catalog model ids/names as given, or {@code null} for the defaults
 * @param modelDirs name → ONNX model folder, in the order given
 * @param pooling name → pooling override for a {@code --model-dir} model
 * @param queryPrefix name → query prefix for a {@code --model-dir} model
 * @param docPrefix name → document prefix for a {@code --model-dir} model
 * @param bm25 whether to add the BM25 baseline
 * @param bm25Analyzer {@code auto}, {@code english}, {@code korean} or {@code standard}
 * @param hybrid whether to add the BM25 + best dense fusion
 * @param truncationProbe whether to re-run the best dense model at another maximum length
 * @param out parent folder of the timestamped report folder
 * @param cache embedding cache folder, or {@code null}
 * @param latency queries timed one by one
 * @param threads ONNX Runtime intra-op threads, or 0 for its default
 * @param quiet no progress bar
 * @param help print the help and stop
 * @param measures the reported measures in order (trec_eval names), or empty for the default set
 * @param primary the measure candidates are ranked and compared on, or {@code null}: the first of
 *     {@code measures}, else nDCG@10
 * @param indexes index specs: {@code SPEC} for every dense model or {@code model:SPEC} for one
 *     (see {@link dev.embedlab.bakeoff.IndexSpecs}); empty: exact search only
 * @param pairs a delimited pair file ({@code --pairs}), or {@code null}
 * @param pairColumns first text, second text and score column of {@code pairs}
 * @param delimiter the field separator of {@code pairs}
 * @param threshold gold score at or above which a pair counts as positive (ROC-AUC), or NaN
 * @param hybridWith the candidate BM25 is fused with, or {@code null} for the best dense one
 */
public record BakeOffOptions(Path beir, String split, Path squad, int maxQueries, int maxDocs, long seed, Path sts,
    String models, Map<String, Path> modelDirs, Map<String, String> pooling, Map<String, String> queryPrefix,
    Map<String, String> docPrefix, boolean bm25, String bm25Analyzer, boolean hybrid, boolean truncationProbe,
    Path out, Path cache, int latency, int threads, boolean quiet, boolean help,
    List<dev.embedlab.eval.metrics.Measure> measures, dev.embedlab.eval.metrics.Measure primary, List<String> indexes,
    Path pairs, List<String> pairColumns, char delimiter, double threshold, String hybridWith) {

  /** The one-line usage printed with every error. */
  public static final String USAGE = "usage: BakeOffMain [--beir DIR [--split test] | --squad FILE] "
      + "[--max-queries N] [--max-docs M [--seed S]] [--sts FILE] [--models a,b] [--model-dir name=DIR]... "
      + "[--pooling name=mean|cls|max] [--query-prefix name=TEXT] [--doc-prefix name=TEXT] "
      + "[--no-bm25] [--bm25-analyzer auto|english|korean|standard] [--no-hybrid] [--no-truncation-probe] "
      + "[--measures m1,m2] [--primary M] [--index [model:]SPEC]... [--hybrid-with NAME] "
      + "[--pairs FILE --columns a,b,score [--delimiter TAB|,|;] [--threshold X]] "
      + "[--out DIR] [--cache DIR] [--latency N] [--threads N] [--quiet] [--help]";

  /** Option → one sentence, for {@code --help}, in the order shown. */
  static final Map<String, String> HELP = new LinkedHashMap<>();

  static {
    HELP.put("--beir DIR", "A BEIR folder (corpus.jsonl[.gz], queries.jsonl, qrels/SPLIT.tsv); default: the "
        + "bundled Korean/English demo set. Query tags come from a \"metadata\" object per query line.");
    HELP.put("--split NAME", "The qrels split to evaluate (default test); the error lists the splits found.");
    HELP.put("--squad FILE", "A SQuAD-format JSON file (e.g. KorQuAD) turned into retrieval, instead of --beir.");
    HELP.put("--max-queries N", "Evaluate only the first N queries (the report's data set id says so).");
    HELP.put("--max-docs M", "Embed a corpus subset of M documents: every judged document of the chosen queries "
        + "plus a seeded random sample of the rest; numbers are then not comparable to full-corpus numbers.");
    HELP.put("--seed S", "Seed of the --max-docs sample (default 42).");
    HELP.put("--sts FILE", "Also score an STS Benchmark TSV (Spearman/Pearson of cosine vs. gold, ROC-AUC vs. gold >= 4).");
    HELP.put("--models a,b", "Catalog models by id or enum name (default: all-minilm-l6-v2, all-minilm-l6-v2-q, "
        + "bge-small-en-v1.5-q, e5-small-v2-q).");
    HELP.put("--model-dir name=DIR", "Add any ONNX model folder (model.onnx + tokenizer.json [+ "
        + "sentence_bert_config.json, 1_Pooling/config.json]) as candidate \"name\"; repeatable.");
    HELP.put("--pooling name=mean|cls|max", "Override the pooling of the --model-dir candidate \"name\".");
    HELP.put("--query-prefix name=TEXT", "Prefix queries of the --model-dir candidate \"name\" (e.g. \"query: \").");
    HELP.put("--doc-prefix name=TEXT", "Prefix documents of the --model-dir candidate \"name\" (e.g. \"passage: \").");
    HELP.put("--no-bm25", "Leave out the BM25 baseline (and with it the hybrid).");
    HELP.put("--bm25-analyzer A", "BM25 analyser: auto (Nori when at least 30% of the documents are Korean, "
        + "else English), english, korean or standard (default auto).");
    HELP.put("--no-hybrid", "Leave out the hybrid: RRF (k=60) of BM25 and the best dense candidate.");
    HELP.put("--no-truncation-probe", "Do not re-run the best dense model at another maximum length when it cut documents.");
    HELP.put("--measures m1,m2", "Measures to report, by trec_eval name, in order (e.g. ndcg_cut.10,map_cut.10,P.1,"
        + "recall.100; also ndcg, map, recip_rank, mrr_cut.k, success.k, Rprec); default Recall@1/3/5/10, MRR@10, "
        + "nDCG@10, MAP@100. The first is the primary measure unless --primary says otherwise.");
    HELP.put("--primary M", "The measure candidates are ranked and compared on (default: the first of --measures, "
        + "else nDCG@10); added to the table when not among --measures.");
    HELP.put("--index [model:]SPEC", "Index each dense model (or only \"model\") with SPEC, repeatable; each "
        + "model x index is a candidate \"model SPEC\" sharing one embedding pass. SPEC: exact (default), int8, "
        + "int8+rescore4, binary+rescore10, fp16, pq48, pq48+rescore4 (codec[+rescore<f>], trained on the corpus "
        + "vectors as part of the build), or what an IndexSpecProvider on the class path offers (e.g. hnsw:M=16,ef=100).");
    HELP.put("--hybrid-with NAME", "The candidate the BM25 hybrid fuses with (default: the best dense one).");
    HELP.put("--pairs FILE", "Also score any delimited sentence-pair file (header line naming the columns; "
        + "Spearman/Pearson of cosine vs. gold, ROC-AUC when --threshold is given); needs --columns.");
    HELP.put("--columns a,b,score", "The --pairs columns: first text, second text, gold score (header names).");
    HELP.put("--delimiter D", "The --pairs field separator: TAB (default), \",\" or \";\" (no quoting).");
    HELP.put("--threshold X", "Gold score at or above which a --pairs pair counts as positive, for ROC-AUC.");
    HELP.put("--out DIR", "Parent folder of the reports (default target/bakeoff); each run writes a new "
        + "timestamped folder inside it and prints its path.");
    HELP.put("--cache DIR", "Reuse/store embeddings on disk; speed figures are then flagged as cached.");
    HELP.put("--latency N", "Queries timed one by one for p50/p95 latency (default 50; 0 turns it off).");
    HELP.put("--threads N", "ONNX Runtime intra-op threads per model (default: ONNX Runtime's choice).");
    HELP.put("--quiet", "No progress bar.");
    HELP.put("--help", "Print this help and exit.");
  }

  /** A command-line mistake: the message says what was given, what was expected and what exists. */
  public static final class UsageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** With the full message. */
    public UsageException(String message) {
      super(message);
    }
  }

  /** Copies the maps. */
  public BakeOffOptions {
    modelDirs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(modelDirs));
    pooling = Map.copyOf(pooling);
    queryPrefix = Map.copyOf(queryPrefix);
    docPrefix = Map.copyOf(docPrefix);
    measures = measures == null ? List.of() : List.copyOf(measures);
    indexes = indexes == null ? List.of() : List.copyOf(indexes);
    pairColumns = pairColumns == null ? List.of() : List.copyOf(pairColumns);
  }

  /**
   * Parses and checks {@code args} (files and folders are checked to exist and have the expected
   * shape).
   *
   * @throws UsageException for any mistake, with a message naming option, value, expectation and
   *     what was found
   */
  public static BakeOffOptions parse(String[] args) {
    Map<String, String> v = new LinkedHashMap<>();
    Map<String, Path> dirs = new LinkedHashMap<>();
    Map<String, String> pool = new LinkedHashMap<>();
    Map<String, String> qp = new LinkedHashMap<>();
    Map<String, String> dp = new LinkedHashMap<>();
    List<String> flags = List.of("--quiet", "--help", "-h", "--no-bm25", "--no-hybrid", "--no-truncation-probe");
    List<String> valued = List.of("--beir", "--split", "--squad", "--max-queries", "--max-docs", "--seed", "--sts",
        "--models", "--model-dir", "--pooling", "--query-prefix", "--doc-prefix", "--bm25-analyzer", "--out",
        "--cache", "--latency", "--threads", "--measures", "--primary", "--index", "--hybrid-with", "--pairs",
        "--columns", "--delimiter", "--threshold");
    List<String> indexes = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String value = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0 && valued.contains(a.substring(0, eq))) {
        value = a.substring(eq + 1);
        a = a.substring(0, eq);
      }
      if (flags.contains(a)) {
        v.put(a.equals("-h") ? "--help" : a, "true");
        continue;
      }
      if (!valued.contains(a)) {
        if (!a.startsWith("-")) {
          throw new UsageException("unexpected argument \"" + a + "\"; expected options starting with --"
              + " (see --help)");
        }
        throw new UsageException("unknown option " + a + closest(a, valued, flags) + "; known options: "
            + String.join(" ", valued) + " " + String.join(" ", flags.stream().filter(f -> !f.equals("-h")).toList()));
      }
      if (value == null) {
        if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
          throw new UsageException(a + " needs a value; expected " + a + " " + argName(a));
        }
        value = args[++i];
      }
      switch (a) {
        case "--model-dir" -> {
          String[] kv = keyValue(a, value);
          if (dirs.put(kv[0], Path.of(kv[1])) != null) {
            throw new UsageException("--model-dir " + value + ": the name \"" + kv[0] + "\" is given twice; "
                + "expected one folder per name");
          }
        }
        case "--pooling" -> {
          String[] kv = keyValue(a, value);
          String p = kv[1].toUpperCase(Locale.ROOT);
          if (!List.of("MEAN", "CLS", "MAX").contains(p)) {
            throw new UsageException("--pooling " + value + ": expected mean, cls or max; found \"" + kv[1] + "\"");
          }
          pool.put(kv[0], p);
        }
        case "--query-prefix" -> {
          String[] kv = keyValue(a, value);
          qp.put(kv[0], kv[1]);
        }
        case "--doc-prefix" -> {
          String[] kv = keyValue(a, value);
          dp.put(kv[0], kv[1]);
        }
        case "--index" -> {
          if (value.isBlank()) {
            throw new UsageException("--index needs a spec; expected --index [model:]SPEC");
          }
          indexes.add(value.strip());
        }
        default -> v.put(a, value);
      }
    }
    for (Map<String, String> m : List.of(pool, qp, dp)) {
      for (String name : m.keySet()) {
        if (!dirs.containsKey(name)) {
          throw new UsageException("--pooling/--query-prefix/--doc-prefix name \"" + name + "\": expected the name "
              + "of a --model-dir candidate; have " + (dirs.isEmpty() ? "none" : dirs.keySet()));
        }
      }
    }
    boolean help = v.containsKey("--help");
    if (v.containsKey("--beir") && v.containsKey("--squad")) {
      throw new UsageException("--beir " + v.get("--beir") + " and --squad " + v.get("--squad")
          + ": expected one data set; give --beir or --squad, not both");
    }
    String split = v.getOrDefault("--split", "test");
    if (v.containsKey("--split") && !v.containsKey("--beir") && !split.equals("test")) {
      throw new UsageException("--split " + split + ": " + (v.containsKey("--squad") ? "a SQuAD file has no splits"
          : "the bundled demo set has only the split \"test\"") + "; expected --beir DIR with --split");
    }
    Path beir = v.containsKey("--beir") ? Path.of(v.get("--beir")) : null;
    Path squad = v.containsKey("--squad") ? Path.of(v.get("--squad")) : null;
    Path sts = v.containsKey("--sts") ? Path.of(v.get("--sts")) : null;
    String analyzer = v.getOrDefault("--bm25-analyzer", "auto").toLowerCase(Locale.ROOT);
    if (!List.of("auto", "english", "korean", "standard").contains(analyzer)) {
      throw new UsageException("--bm25-analyzer " + v.get("--bm25-analyzer")
          + ": expected auto, english, korean or standard");
    }
    List<dev.embedlab.eval.metrics.Measure> measures = new ArrayList<>();
    if (v.containsKey("--measures")) {
      for (String m : v.get("--measures").split(",")) {
        if (!m.isBlank()) {
          dev.embedlab.eval.metrics.Measure x = measure("--measures " + v.get("--measures"), m);
          if (!measures.contains(x)) {
            measures.add(x);
          }
        }
      }
      if (measures.isEmpty()) {
        throw new UsageException("--measures " + v.get("--measures") + ": expected at least one measure; "
            + VALID_MEASURES);
      }
    }
    dev.embedlab.eval.metrics.Measure primary = v.containsKey("--primary") ? measure("--primary " + v.get("--primary"), v.get("--primary"))
        : null;
    Path pairs = v.containsKey("--pairs") ? Path.of(v.get("--pairs")) : null;
    List<String> columns = List.of();
    if (v.containsKey("--columns")) {
      columns = java.util.Arrays.stream(v.get("--columns").split(",", -1)).map(String::strip).toList();
      if (columns.size() != 3 || columns.stream().anyMatch(String::isEmpty)) {
        throw new UsageException("--columns " + v.get("--columns") + ": expected three column names a,b,score; found "
            + columns.size() + " name(s)" + (columns.stream().anyMatch(String::isEmpty) ? " (one is empty)" : ""));
      }
    }
    if (pairs != null && columns.isEmpty()) {
      throw new UsageException("--pairs " + pairs + ": expected --columns a,b,score naming the two text columns and "
          + "the gold score column of its header");
    }
    for (String only : List.of("--columns", "--delimiter", "--threshold")) {
      if (pairs == null && v.containsKey(only)) {
        throw new UsageException(only + " " + v.get(only) + ": applies to --pairs FILE, which is not given");
      }
    }
    char delimiter = '\t';
    if (v.containsKey("--delimiter")) {
      String d = v.get("--delimiter");
      delimiter = switch (d.toUpperCase(Locale.ROOT)) {
        case "TAB", "\\T", "\t" -> '\t';
        case ",", "COMMA" -> ',';
        case ";", "SEMICOLON" -> ';';
        default -> throw new UsageException("--delimiter " + d + ": expected TAB, \",\" or \";\"");
      };
    }
    double threshold = Double.NaN;
    if (v.containsKey("--threshold")) {
      try {
        threshold = Double.parseDouble(v.get("--threshold").strip());
      } catch (NumberFormatException e) {
        throw new UsageException("--threshold " + v.get("--threshold") + ": expected a number; found \""
            + v.get("--threshold") + "\"");
      }
      if (!Double.isFinite(threshold)) {
        throw new UsageException("--threshold " + v.get("--threshold") + ": expected a finite number");
      }
    }
    if (pairs != null && sts != null) {
      throw new UsageException("--pairs " + pairs + " and --sts " + sts + ": expected one pair set; give --sts or "
          + "--pairs, not both");
    }
    String hybridWith = v.get("--hybrid-with");
    if (hybridWith != null && (v.containsKey("--no-bm25") || v.containsKey("--no-hybrid"))) {
      throw new UsageException("--hybrid-with " + hybridWith + ": there is no hybrid with "
          + (v.containsKey("--no-bm25") ? "--no-bm25" : "--no-hybrid"));
    }
    BakeOffOptions o = new BakeOffOptions(beir, split, squad, count(v, "--max-queries", 1, 0),
        count(v, "--max-docs", 1, 0), seed(v), sts, v.get("--models"), dirs, pool, qp, dp,
        !v.containsKey("--no-bm25"), analyzer, !v.containsKey("--no-bm25") && !v.containsKey("--no-hybrid"),
        !v.containsKey("--no-truncation-probe"), Path.of(v.getOrDefault("--out", "target/bakeoff")),
        v.containsKey("--cache") ? Path.of(v.get("--cache")) : null, count(v, "--latency", 0, 50),
        count(v, "--threads", 1, 0), v.containsKey("--quiet"), help, measures, primary,
        indexes, pairs, columns, delimiter, threshold, hybridWith);
    if (!help) {
      o.checkFiles();
    }
    return o;
  }

  /** Every measure name {@code --measures} takes, for the error on an unknown one. */
  static final String VALID_MEASURES = "valid names: ndcg_cut.k, ndcg, map_cut.k, map, P.k, recall.k, recip_rank "
      + "(or mrr), mrr_cut.k, success.k, Rprec (k a whole number >= 1, e.g. ndcg_cut.10; nDCG@10 and ndcg_cut_10 "
      + "work too)";

  /** A measure by trec_eval name ({@code ndcg_cut.10}, {@code P.1}) or any name {@link dev.embedlab.eval.metrics.Measure#parse} takes. */
  static dev.embedlab.eval.metrics.Measure measure(String context, String name) {
    String t = name.strip();
    int dot = t.lastIndexOf('.');
    String n = dot > 0 ? t.substring(0, dot) + "_" + t.substring(dot + 1) : t;
    try {
      return dev.embedlab.eval.metrics.Measure.parse(n);
    } catch (IllegalArgumentException e) {
      throw new UsageException(context + ": unknown measure \"" + t + "\"; " + VALID_MEASURES);
    }
  }

  /** Checks that every path exists and has the expected shape. */
  void checkFiles() {
    if (beir != null) {
      checkBeir(beir, split);
    }
    if (squad != null) {
      checkFile("--squad", squad, "a SQuAD-format JSON file", "--beir");
    }
    if (sts != null) {
      checkFile("--sts", sts, "an STS Benchmark TSV file", null);
    }
    if (pairs != null) {
      checkFile("--pairs", pairs, "a delimited sentence-pair file with a header line", null);
    }
    for (Map.Entry<String, Path> e : modelDirs.entrySet()) {
      checkModelDir(e.getKey(), e.getValue());
    }
    if (cache != null && Files.exists(cache) && !Files.isDirectory(cache)) {
      throw new UsageException("--cache " + cache + " is a file; expected a folder (created when missing)");
    }
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new UsageException("--out " + out + " is a file; expected a folder (created when missing)");
    }
  }

  /** A BEIR folder: exists, is a folder, has corpus, queries and the split's qrels. */
  static void checkBeir(Path dir, String split) {
    if (!Files.exists(dir)) {
      throw new UsageException("--beir " + dir + ": no such folder; expected a BEIR folder with corpus.jsonl[.gz], "
          + "queries.jsonl and qrels/" + split + ".tsv; " + parentListing(dir));
    }
    if (!Files.isDirectory(dir)) {
      throw new UsageException("--beir " + dir + " is a file; expected a BEIR folder with corpus.jsonl[.gz], "
          + "queries.jsonl and qrels/" + split + ".tsv" + (dir.toString().endsWith(".json")
              ? " (a SQuAD JSON file goes to --squad)" : ""));
    }
    List<String> found = listing(dir);
    if (!Files.isRegularFile(dir.resolve("corpus.jsonl")) && !Files.isRegularFile(dir.resolve("corpus.jsonl.gz"))) {
      throw new UsageException("--beir " + dir + ": no corpus.jsonl or corpus.jsonl.gz; expected a BEIR folder; "
          + "found: " + show(found));
    }
    if (!Files.isRegularFile(dir.resolve("queries.jsonl"))) {
      throw new UsageException("--beir " + dir + ": no queries.jsonl; expected a BEIR folder; found: " + show(found));
    }
    Path qrels = dir.resolve("qrels");
    if (!Files.isDirectory(qrels)) {
      throw new UsageException("--beir " + dir + ": no qrels folder; expected qrels/" + split + ".tsv; found: "
          + show(found));
    }
    if (!Files.isRegularFile(qrels.resolve(split + ".tsv"))) {
      List<String> splits = new ArrayList<>();
      for (String f : listing(qrels)) {
        if (f.endsWith(".tsv")) {
          splits.add(f.substring(0, f.length() - 4));
        }
      }
      throw new UsageException("--split " + split + ": " + qrels.resolve(split + ".tsv") + " does not exist; "
          + "expected one of the splits found in " + qrels + ": " + (splits.isEmpty() ? "none" : String.join(", ", splits)));
    }
  }

  private static void checkFile(String option, Path f, String what, String folderOption) {
    if (!Files.exists(f)) {
      throw new UsageException(option + " " + f + ": no such file; expected " + what + "; " + parentListing(f));
    }
    if (Files.isDirectory(f)) {
      throw new UsageException(option + " " + f + " is a folder; expected " + what + "; found in it: "
          + show(listing(f)) + (folderOption == null ? "" : " (a BEIR folder goes to " + folderOption + ")"));
    }
  }

  private static void checkModelDir(String name, Path dir) {
    String expected = "expected a folder with model.onnx (or onnx/model.onnx) and tokenizer.json";
    if (!Files.isDirectory(dir)) {
      throw new UsageException("--model-dir " + name + "=" + dir + (Files.exists(dir) ? " is a file" : ": no such folder")
          + "; " + expected + "; " + parentListing(dir));
    }
    List<String> found = listing(dir);
    boolean onnx = Files.isRegularFile(dir.resolve("model.onnx")) || Files.isRegularFile(dir.resolve("onnx/model.onnx"))
        || found.stream().filter(f -> f.endsWith(".onnx")).count() == 1;
    if (!onnx || !Files.isRegularFile(dir.resolve("tokenizer.json"))) {
      throw new UsageException("--model-dir " + name + "=" + dir + ": " + expected + "; found: " + show(found));
    }
  }

  private static String[] keyValue(String option, String value) {
    int eq = value.indexOf('=');
    if (eq <= 0 || eq == value.length() - 1 && !option.endsWith("prefix")) {
      throw new UsageException(option + " " + value + ": expected name=" + argName(option).replace("name=", ""));
    }
    return new String[] {value.substring(0, eq), value.substring(eq + 1)};
  }

  private static int count(Map<String, String> v, String option, int min, int dflt) {
    String s = v.get(option);
    if (s == null) {
      return dflt;
    }
    int n;
    try {
      n = Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      throw new UsageException(option + " " + s + ": expected a whole number >= " + min + "; found \"" + s + "\"");
    }
    if (n < min) {
      throw new UsageException(option + " " + s + ": expected a whole number >= " + min + "; found " + n);
    }
    return n;
  }

  private static long seed(Map<String, String> v) {
    String s = v.get("--seed");
    if (s == null) {
      return 42;
    }
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("--seed " + s + ": expected a whole number; found \"" + s + "\"");
    }
  }

  private static String argName(String option) {
    for (String k : HELP.keySet()) {
      if (k.startsWith(option + " ")) {
        return k.substring(option.length() + 1);
      }
    }
    return "VALUE";
  }

  private static String closest(String a, List<String> valued, List<String> flags) {
    String best = null;
    int bestD = Integer.MAX_VALUE;
    for (String k : Stream.concat(valued.stream(), flags.stream()).toList()) {
      int d = distance(a, k);
      if (d < bestD) {
        bestD = d;
        best = k;
      }
    }
    return best != null && bestD <= 3 ? " (did you mean " + best + "?)" : "";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /** File names in {@code dir}, sorted; empty when unreadable. */
  static List<String> listing(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return new ArrayList<>(new TreeSet<>(s.map(p -> p.getFileName() + (Files.isDirectory(p) ? "/" : "")).toList()));
    } catch (IOException e) {
      return List.of();
    }
  }

  private static String show(List<String> names) {
    if (names.isEmpty()) {
      return "nothing (empty folder)";
    }
    return names.size() <= 12 ? String.join(", ", names)
        : String.join(", ", names.subList(0, 12)) + " … (" + names.size() + " entries)";
  }

  /** What the nearest existing ancestor of {@code p} contains. */
  private static String parentListing(Path p) {
    Path parent = p.toAbsolutePath().normalize().getParent();
    while (parent != null && !Files.isDirectory(parent)) {
      parent = parent.getParent();
    }
    return parent == null ? "no parent folder exists" : "found in " + parent + ": " + show(listing(parent));
  }

  /** The {@code --help} text: the usage line, then every option with a sentence. */
  public static String helpText() {
    StringBuilder sb = new StringBuilder("The embedlab bake-off: candidates on a retrieval set, a table, slices, a "
        + "recommendation, and JSON/Markdown/HTML reports.\n").append(USAGE).append("\n\noptions:\n");
    HELP.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %-28s %s%n", k, v)));
    sb.append("\nexit codes: 0 done, 2 a command-line or data-file mistake (message + usage), 1 anything else.\n");
    return sb.toString();
  }
}

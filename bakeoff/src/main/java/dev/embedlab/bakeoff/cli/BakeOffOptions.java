package dev.embedlab.bakeoff.cli;

import dev.embedlab.core.source.EmbedderSources;
import dev.embedlab.eval.metrics.Measure;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The bake-off's command line ({@code embedlab bakeoff}, the default command), parsed by picocli and
 * checked: every mistake a user can make with a path, a number or a model name becomes a
 * {@link UsageException} whose message names the option, the value, what was expected and what
 * exists (e.g. the qrels splits found, the models known). {@link Embedlab} turns it into exit code 2
 * and the usage line. Every candidate model is checked through {@link EmbedderSources} here, before
 * any work starts.
 *
 * <p>The checked values are this record; {@link #parse} is the way to make one (the canonical
 * constructor checks nothing).
 *
 * @param beir BEIR folder, or {@code null} (then {@code squad}, else the bundled demo set).
 * @param split the qrels split.
 * @param squad SQuAD-format JSON file, or {@code null}.
 * @param maxQueries first N queries only, or 0 for all.
 * @param maxDocs corpus subset size, or 0 for the whole corpus.
 * @param seed seed of the corpus sample.
 * @param sts STS Benchmark TSV, or {@code null}.
 * @param models model names as given, or {@code null} for the defaults.
 * @param modelDirs name → ONNX model folder, in the order given.
 * @param pooling name → pooling override (MEAN, CLS, MAX) for a {@code --model-dir} model.
 * @param queryPrefix name → query prefix for a {@code --model-dir} model.
 * @param docPrefix name → document prefix for a {@code --model-dir} model.
 * @param bm25 whether to add the BM25 baseline.
 * @param bm25Analyzer {@code auto}, {@code english}, {@code korean} or {@code standard}.
 * @param hybrid whether to add the BM25 + best dense fusion.
 * @param truncationProbe whether to re-run the best dense model at another maximum length.
 * @param out parent folder of the timestamped report folder.
 * @param cache embedding cache folder, or {@code null}.
 * @param latency queries timed one by one.
 * @param ragK contexts per query for the RAGAS context metrics (0: off).
 * @param threads threads per local model, or 0 for the runtime's default.
 * @param quiet no progress bar.
 * @param help print the help and stop.
 * @param measures the reported measures in order, or empty for the default set.
 * @param primary the measure candidates are ranked and compared on, or {@code null}: the first of {@code measures}, else nDCG@10.
 * @param indexes index specs: {@code SPEC} for every dense model or {@code model:SPEC} for one; empty: exact search only.
 * @param pairs a delimited pair file, or {@code null}.
 * @param pairColumns first text, second text and score column of {@code pairs}.
 * @param delimiter the field separator of {@code pairs}.
 * @param threshold gold score at or above which a pair counts as positive (ROC-AUC), or NaN.
 * @param hybridWith the candidate BM25 is fused with, or {@code null} for the best dense one.
 */
public record BakeOffOptions(
    Path beir,
    String split,
    Path squad,
    int maxQueries,
    int maxDocs,
    long seed,
    Path sts,
    String models,
    Map<String, Path> modelDirs,
    Map<String, String> pooling,
    Map<String, String> queryPrefix,
    Map<String, String> docPrefix,
    boolean bm25,
    String bm25Analyzer,
    boolean hybrid,
    boolean truncationProbe,
    Path out,
    Path cache,
    int latency,
    int ragK,
    int threads,
    boolean quiet,
    boolean help,
    List<Measure> measures,
    Measure primary,
    List<String> indexes,
    Path pairs,
    List<String> pairColumns,
    char delimiter,
    double threshold,
    String hybridWith) {

  /** The one-line usage printed with every error. */
  public static final String USAGE = "usage: embedlab [bakeoff] [--beir DIR [--split test] | --squad FILE] "
      + "[--max-queries N] [--max-docs M [--seed S]] [--sts FILE] [--models a,b] [--model-dir name=DIR]... "
      + "[--pooling name=mean|cls|max] [--query-prefix name=TEXT] [--doc-prefix name=TEXT] "
      + "[--no-bm25] [--bm25-analyzer auto|english|korean|standard] [--no-hybrid] [--no-truncation-probe] "
      + "[--measures m1,m2] [--primary M] [--index [model:]SPEC]... [--hybrid-with NAME] "
      + "[--pairs FILE --columns a,b,score [--delimiter TAB|,|;] [--threshold X]] "
      + "[--out DIR] [--cache DIR] [--latency N] [--threads N] [--quiet] [--help]";

  /** A command-line mistake: the message says what was given, what was expected and what exists. */
  public static final class UsageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** With the full message. */
    public UsageException(String message) {
      super(message);
    }
  }

  /**
   * Parses and checks {@code args} (files and folders are checked to exist and have the expected
   * shape; every model name is checked by its source).
   *
   * @throws UsageException for any mistake, with a message naming option, value, expectation and
   *     what was found
   */
  public static BakeOffOptions parse(String[] args) {
    return parse(args, System.getenv());
  }

  /** As {@link #parse(String[])}, the model names checked against {@code env} (API keys, Hub settings). */
  public static BakeOffOptions parse(String[] args, Map<String, String> env) {
    return BakeOffArgs.parse(args, env);
  }

  /** The generated {@code --help} text. */
  public static String helpText() {
    return Embedlab.commandLine(new BakeOffArgs()).getUsageMessage(CommandLine.Help.Ansi.OFF);
  }
}

package dev.embedlab.eval.regression;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a run as an MTEB result file, so a team's own numbers sit beside the leaderboard's JSON and
 * MTEB's tooling reads them: {@code {"dataset_revision", "evaluation_time", "kg_co2_emissions",
 * "mteb_version": "embedlab", "scores": {SPLIT: [{main_score, …, hf_subset, languages}]}, "task_name"}},
 * keys and indentation as MTEB's {@code json.dump(…, indent=2)} writes them. Retrieval scores carry
 * MTEB's names ({@code ndcg_at_10}, {@code recall_at_100}; main score nDCG@10); STS scores are cosine
 * Spearman (the main score) and cosine Pearson, as MTEB reports them.
 */
public final class MtebResultWriter {
  /** What {@code mteb_version} says: not MTEB's code, but its format. */
  public static final String VERSION = "embedlab";
  /** The revision folder MTEB itself uses when a model's revision is unknown. */
  public static final String NO_REVISION = "no_revision_available";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern TREC_CUT = Pattern.compile("(ndcg_cut|recall|map_cut|mrr_cut|P)[._](\\d+)");
  /** MTEB task names of the data sets regression files use, by the last element of their path. */
  private static final Map<String, String> TASKS = Map.of(
      "scifact", "SciFact", "nfcorpus", "NFCorpus", "arguana", "ArguAna", "fiqa", "FiQA2018",
      "scidocs", "SCIDOCS", "trec-covid", "TRECCOVID", "sts-test.csv", "STSBenchmark");

  private MtebResultWriter() {}

  /**
   * A regression run as an MTEB result: the file's measures renamed to MTEB's, main score nDCG@10
   * (retrieval, when measured) or cosine Spearman (pairs). The data set revision is left unknown: the
   * local copy is not MTEB's HuggingFace copy, whatever split it holds.
   *
   * @throws IllegalArgumentException when the data set has no MTEB task name here, or a measure no MTEB name
   */
  public static MtebResult fromRegression(Regression r, RegressionRunner.Measured m) {
    String file = Path.of(r.datasetPath()).getFileName().toString();
    String task = TASKS.get(file);
    if (task == null) {
      throw new IllegalArgumentException(r.name() + ": no MTEB task name for data set '" + r.datasetPath()
          + "'; known: " + new java.util.TreeSet<>(TASKS.keySet()));
    }
    Map<String, Double> scores = new LinkedHashMap<>();
    for (String metric : r.metrics()) {
      Double v = m.metrics().get(metric);
      if (v == null) {
        throw new IllegalArgumentException(r.name() + ": the run did not measure " + metric);
      }
      scores.put(mtebName(r, metric), v);
    }
    String main = r.datasetKind().equals("sts") ? "cosine_spearman"
        : scores.containsKey("ndcg_at_10") ? "ndcg_at_10" : scores.keySet().iterator().next();
    String split = r.split().isEmpty() ? "test" : r.split();
    return new MtebResult(task, null, split, "default", List.of("eng-Latn"), main, scores, m.seconds());
  }

  /** MTEB's name of a regression measure: {@code ndcg_cut.10} → {@code ndcg_at_10}, {@code P.5} → {@code precision_at_5}. */
  static String mtebName(Regression r, String metric) {
    if (metric.equals("recip_rank")) {
      return "mrr_at_" + r.hits();
    }
    return mtebName(metric).orElseThrow(() -> new IllegalArgumentException(r.name() + ": no MTEB name for measure '"
        + metric + "'; expected ndcg_cut.K, recall.K, map_cut.K, P.K, recip_rank, cosine_spearman or cosine_pearson"));
  }

  /**
   * MTEB's name of a measure given by its trec_eval name ({@code ndcg_cut.10}, {@code recall.100},
   * {@code map_cut.10}, {@code P.5}) or its {@link dev.embedlab.eval.metrics.Measure#name()}
   * ({@code ndcg_cut_10}, {@code recall_100}, {@code mrr_cut_10}…), or of a pair score
   * ({@code cosine_spearman}, {@code cosine_pearson}); empty when MTEB reports no such score
   * (uncut nDCG or MAP, R-precision, hit rate, full-depth reciprocal rank).
   */
  public static java.util.Optional<String> mtebName(String metric) {
    if (metric.equals("cosine_spearman") || metric.equals("cosine_pearson")) {
      return java.util.Optional.of(metric);
    }
    Matcher mm = TREC_CUT.matcher(metric);
    if (!mm.matches()) {
      return java.util.Optional.empty();
    }
    String base = switch (mm.group(1)) {
      case "ndcg_cut" -> "ndcg";
      case "map_cut" -> "map";
      case "mrr_cut" -> "mrr";
      case "P" -> "precision";
      default -> "recall";
    };
    return java.util.Optional.of(base + "_at_" + mm.group(2));
  }

  /** The result file's text, as MTEB writes it (sorted keys, two-space indent, trailing newline omitted). */
  public static String toJson(MtebResult result) {
    ObjectNode root = MAPPER.createObjectNode();
    if (result.datasetRevision() == null) {
      root.putNull("dataset_revision");
    } else {
      root.put("dataset_revision", result.datasetRevision());
    }
    if (Double.isNaN(result.evaluationSeconds())) {
      root.putNull("evaluation_time");
    } else {
      root.put("evaluation_time", result.evaluationSeconds());
    }
    root.putNull("kg_co2_emissions");
    root.put("mteb_version", VERSION);
    ObjectNode entry = MAPPER.createObjectNode();
    Map<String, Double> sorted = new java.util.TreeMap<>(result.scores());
    ArrayNode langs = MAPPER.createArrayNode();
    result.languages().forEach(langs::add);
    // MTEB sorts keys: hf_subset, languages and main_score fall among the scores alphabetically.
    Map<String, Object> all = new java.util.TreeMap<>(sorted);
    all.put("hf_subset", result.subset());
    all.put("languages", langs);
    all.put("main_score", result.mainScore());
    for (Map.Entry<String, Object> e : all.entrySet()) {
      if (e.getValue() instanceof Double d) {
        entry.put(e.getKey(), d);
      } else if (e.getValue() instanceof String s) {
        entry.put(e.getKey(), s);
      } else {
        entry.set(e.getKey(), (ArrayNode) e.getValue());
      }
    }
    root.putObject("scores").putArray(result.split()).add(entry);
    root.put("task_name", result.taskName());
    DefaultIndenter indent = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
        .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
        .withObjectIndenter(indent).withArrayIndenter(indent);
    try {
      return MAPPER.writer(printer).writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the MTEB result of " + result.taskName(), e);
    }
  }

  /**
   * Writes {@code result} where MTEB's tooling looks for it:
   * {@code dir/MODEL/no_revision_available/TASK.json}, {@code MODEL} being the candidate with
   * {@code :} and {@code /} replaced by {@code __} (MTEB's {@code ORG__NAME}) and any other character but
   * letters, digits, {@code .}, {@code _} and {@code -} by {@code _}.
   *
   * @return the file written
   */
  public static Path write(Path dir, String candidate, MtebResult result) throws IOException {
    String model = candidate.replace(":", "__").replace("/", "__").replaceAll("[^A-Za-z0-9._-]", "_");
    Path folder = dir.resolve(model).resolve(NO_REVISION);
    Files.createDirectories(folder);
    Path file = folder.resolve(result.taskName() + ".json");
    Files.writeString(file, toJson(result) + "\n", StandardCharsets.UTF_8);
    return file;
  }
}

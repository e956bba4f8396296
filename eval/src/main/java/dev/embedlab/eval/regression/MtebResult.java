package dev.embedlab.eval.regression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One task's scores in the shape of an MTEB result file ({@code results/ORG__MODEL/REVISION/TASK.json} of
 * {@code embeddings-benchmark/results}): one split, one {@code hf_subset}, the scores under MTEB's names
 * ({@code ndcg_at_10}, {@code recall_at_100}, {@code cosine_spearman}…) and which of them is the task's
 * {@code main_score}.
 *
 * @param taskName MTEB's task name, e.g. {@code SciFact}, {@code STSBenchmark}
 * @param datasetRevision the HuggingFace dataset revision MTEB pins, or {@code null} when not known
 * @param split the split scored, e.g. {@code test}
 * @param subset the {@code hf_subset}, {@code default} for single-subset tasks
 * @param languages the subset's languages in MTEB's form ({@code eng-Latn})
 * @param mainMetric the key of {@code scores} copied to {@code main_score}
 * @param scores MTEB score name to value, in output order
 * @param evaluationSeconds wall-clock seconds of the run, or {@code NaN} when not measured
 */
public record MtebResult(String taskName, String datasetRevision, String split, String subset,
    List<String> languages, String mainMetric, Map<String, Double> scores, double evaluationSeconds) {

  public MtebResult {
    if (taskName == null || taskName.isBlank()) {
      throw new IllegalArgumentException("taskName must be non-blank; taskName=" + taskName);
    }
    if (split == null || split.isBlank() || subset == null || subset.isBlank()) {
      throw new IllegalArgumentException(taskName + ": split and subset must be non-blank; split=" + split
          + " subset=" + subset);
    }
    if (scores == null || !scores.containsKey(mainMetric)) {
      throw new IllegalArgumentException(taskName + ": main metric '" + mainMetric + "' must be one of the scores "
          + (scores == null ? "(none)" : scores.keySet()));
    }
    languages = List.copyOf(languages);
    scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
  }

  /**
   * Reads one split and subset of an MTEB result file (as {@code embeddings-benchmark/results} holds them,
   * or as {@link MtebResultWriter} writes them). Scores that are not plain numbers (old files' lists) are
   * skipped; the main metric is the score equal to {@code main_score} ({@code cosine_spearman} or
   * {@code ndcg_at_10} first), or {@code main_score} itself when none equals it.
   *
   * @param origin the file name, for messages
   * @throws IllegalArgumentException naming {@code origin} when the text is not such a file or lacks the split or subset
   */
  public static MtebResult parse(String origin, String json, String split, String subset) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(origin + ": not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.path("task_name").isTextual() || !root.path("scores").isObject()) {
      throw new IllegalArgumentException(origin + ": expected an MTEB result object with task_name and scores");
    }
    JsonNode entries = root.path("scores").path(split);
    if (!entries.isArray()) {
      throw new IllegalArgumentException(origin + ": no split '" + split + "' under scores; splits: "
          + iterableToList(root.path("scores").fieldNames()));
    }
    for (JsonNode entry : entries) {
      if (!entry.path("hf_subset").asText("").equals(subset)) {
        continue;
      }
      Map<String, Double> scores = new LinkedHashMap<>();
      entry.fields().forEachRemaining(f -> {
        if (f.getValue().isNumber() && !f.getKey().equals("main_score")) {
          scores.put(f.getKey(), f.getValue().doubleValue());
        }
      });
      String main = "main_score";
      JsonNode ms = entry.get("main_score");
      if (ms != null && ms.isNumber()) {
        List<String> order = new ArrayList<>(List.of("cosine_spearman", "ndcg_at_10"));
        order.addAll(scores.keySet());
        main = order.stream().filter(k -> scores.containsKey(k) && scores.get(k) == ms.doubleValue())
            .findFirst().orElse("main_score");
        if (main.equals("main_score")) {
          scores.put("main_score", ms.doubleValue());
        }
      }
      List<String> langs = new ArrayList<>();
      entry.path("languages").forEach(l -> langs.add(l.asText()));
      JsonNode rev = root.get("dataset_revision");
      JsonNode time = root.get("evaluation_time");
      return new MtebResult(root.get("task_name").asText(), rev == null || rev.isNull() ? null : rev.asText(),
          split, subset, langs, main, scores, time != null && time.isNumber() ? time.doubleValue() : Double.NaN);
    }
    throw new IllegalArgumentException(origin + ": split '" + split + "' has no hf_subset '" + subset + "'");
  }

  private static List<String> iterableToList(java.util.Iterator<String> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  /** The value of {@link #mainMetric}. */
  public double mainScore() {
    return scores.get(mainMetric);
  }
}

package dev.embedlab.models.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One model's published scores and what MTEB's {@code model_meta.json} says about it. Unknown facts are
 * null (API models publish no parameter count).
 *
 * @param name Hugging Face id or MTEB name, e.g. {@code intfloat/multilingual-e5-small}
 * @param revision the results folder most scores come from (a commit sha, or e.g. {@code 1} for APIs)
 * @param params number of parameters, or null when unknown
 * @param dim embedding dimension, or null when unknown
 * @param maxTokens maximum input tokens, or null when unknown
 * @param openWeights whether the weights are public, or null when unknown
 * @param license the licence model_meta gives, or null
 * @param trainedOn the extracted tasks whose data model_meta lists among the model's training data
 * @param scores main score per task name
 * @param revisionOf the results folder of each score that does not come from {@code revision}
 */
public record PublishedModel(String name, String revision, Long params, Integer dim, Integer maxTokens,
    Boolean openWeights, String license, List<String> trainedOn, Map<String, Double> scores,
    Map<String, String> revisionOf) {
  /** Validates the name and every score (finite, in [-1, 1] as MTEB's main scores are), copies collections. */
  public PublishedModel {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("model name must not be blank; name=" + name);
    }
    if (revision == null || revision.isBlank()) {
      throw new IllegalArgumentException(name + ": revision must not be blank; revision=" + revision);
    }
    if (params != null && params <= 0) {
      throw new IllegalArgumentException(name + ": params must be > 0 when known; params=" + params);
    }
    if (dim != null && dim <= 0) {
      throw new IllegalArgumentException(name + ": dim must be > 0 when known; dim=" + dim);
    }
    if (trainedOn == null || scores == null || revisionOf == null) {
      throw new IllegalArgumentException(name + ": trainedOn, scores and revisionOf must not be null");
    }
    for (Map.Entry<String, Double> e : scores.entrySet()) {
      double v = e.getValue();
      if (!Double.isFinite(v) || v < -1 || v > 1) {
        throw new IllegalArgumentException(name + ": score of " + e.getKey() + " must be finite in [-1, 1]; score="
            + v);
      }
    }
    trainedOn = List.copyOf(trainedOn);
    scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
    revisionOf = Collections.unmodifiableMap(new LinkedHashMap<>(revisionOf));
  }

  /** The main score on {@code task}, empty when none was published. */
  public OptionalDouble score(String task) {
    Double v = scores.get(task);
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
  }

  /** The results folder {@code task}'s score comes from, empty when the model has no score on it. */
  public Optional<String> revisionOf(String task) {
    if (!scores.containsKey(task)) {
      return Optional.empty();
    }
    return Optional.of(revisionOf.getOrDefault(task, revision));
  }

  /** The file in the results repository that {@code task}'s score was read from. */
  public Optional<String> resultPath(String task) {
    return revisionOf(task).map(rev -> "results/" + name.replace("/", "__") + "/" + rev + "/" + task + ".json");
  }
}

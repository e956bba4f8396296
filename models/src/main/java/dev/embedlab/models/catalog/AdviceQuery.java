package dev.embedlab.models.catalog;

import dev.embedlab.core.Checks;

/**
 * What a team asks {@link Advisor}: a language and a task type, optional limits on size, and how many
 * ranked models to show. Build with {@link #of(String, String)} and the {@code with...} methods.
 *
 * @param language two-letter language, e.g. {@code ko}
 * @param type task type, e.g. {@code retrieval}
 * @param maxParams keep models with at most this many parameters (unknown counts are left out), or null
 * @param maxDim keep models whose vectors have at most this many dimensions (unknown left out), or null
 * @param openWeightsOnly keep only models whose weights are public
 * @param top how many ranked models to show (at least 1)
 */
public record AdviceQuery(String language, String type, Long maxParams, Integer maxDim, boolean openWeightsOnly,
    int top) {
  /** Default number of ranked models shown. */
  public static final int DEFAULT_TOP = 10;

  /** Validates the fields. */
  public AdviceQuery {
    if (language == null || language.isBlank()) {
      throw new IllegalArgumentException("language must not be blank; language=" + language);
    }
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException("task type must not be blank; type=" + type);
    }
    if (maxParams != null && maxParams < 1) {
      throw new IllegalArgumentException("max params must be >= 1; maxParams=" + maxParams);
    }
    if (maxDim != null && maxDim < 1) {
      throw new IllegalArgumentException("max dim must be >= 1; maxDim=" + maxDim);
    }
    Checks.atLeast("top", top, 1);
  }

  /** Every model for {@code language} and {@code type}, the first {@value #DEFAULT_TOP} ranked shown. */
  public static AdviceQuery of(String language, String type) {
    return new AdviceQuery(language, type, null, null, false, DEFAULT_TOP);
  }

  /** This query keeping models of at most {@code n} parameters. */
  public AdviceQuery withMaxParams(long n) {
    return new AdviceQuery(language, type, n, maxDim, openWeightsOnly, top);
  }

  /** This query keeping models of at most {@code d} dimensions. */
  public AdviceQuery withMaxDim(int d) {
    return new AdviceQuery(language, type, maxParams, d, openWeightsOnly, top);
  }

  /** This query keeping only open-weights models. */
  public AdviceQuery withOpenWeightsOnly() {
    return new AdviceQuery(language, type, maxParams, maxDim, true, top);
  }

  /** This query showing {@code k} ranked models. */
  public AdviceQuery withTop(int k) {
    return new AdviceQuery(language, type, maxParams, maxDim, openWeightsOnly, k);
  }
}

package dev.embedlab.eval.regression;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs the candidate of a {@link Regression} and measures it; found by
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.embedlab.eval.regression.RegressionRunner}),
 * so a module that brings a kind of candidate brings its runner.
 */
public interface RegressionRunner {

  /** Whether this runner runs {@code candidate} (e.g. the {@code bm25:} prefix). */
  boolean accepts(String candidate);

  /**
   * Runs {@code regression} on the data under {@code sharedRoot}.
   *
   * @param log progress lines
   * @return every metric the file expects, and the index statistics it pins
   * @throws IllegalArgumentException when the candidate is unknown to this runner (naming what exists)
   */
  Measured run(Regression regression, Path sharedRoot, PrintStream log) throws IOException;

  /**
   * What a run measured.
   *
   * @param metrics metric name to value (unrounded)
   * @param indexStats index statistics (may be empty)
   * @param seconds wall-clock time of the run
   */
  record Measured(Map<String, Double> metrics, Map<String, Long> indexStats, double seconds) {
    public Measured {
      metrics = Map.copyOf(metrics);
      indexStats = Map.copyOf(indexStats);
    }
  }
}

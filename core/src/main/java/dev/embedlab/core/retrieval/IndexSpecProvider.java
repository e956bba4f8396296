package dev.embedlab.core.retrieval;

import java.util.List;
import java.util.Optional;

/**
 * Turns an index spec as a command line writes it (e.g. {@code hnsw:M=16,ef=100}) into an
 * {@link IndexFactory}, so a module nobody depends on (an ANN module) can offer its indexes by name:
 * implement this and list the class in
 * {@code META-INF/services/dev.embedlab.core.retrieval.IndexSpecProvider}; the bake-off asks every
 * provider found by {@link java.util.ServiceLoader}.
 */
public interface IndexSpecProvider {

  /**
   * The factory for {@code spec}, or empty when this provider does not handle it.
   *
   * @throws IllegalArgumentException when the provider handles the spec's kind but a parameter is
   *     wrong (the message names the parameter, the value and what is expected)
   */
  Optional<IndexFactory> parse(String spec);

  /** Example specs this provider handles, for error messages and help (e.g. {@code hnsw:M=16,ef=100}). */
  List<String> examples();
}

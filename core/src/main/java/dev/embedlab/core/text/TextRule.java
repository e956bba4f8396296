package dev.embedlab.core.text;

/**
 * One text-to-text rewrite applied before embedding. Implementations are immutable and thread-safe;
 * {@link #apply(String)} is a pure function of its input.
 *
 * <p>{@link #id()} must identify the rule <em>and its parameters</em> (e.g.
 * {@code regex(\s+=> )}), because a {@link TextPreprocessor}'s id — which goes into provenance and
 * cache keys — is derived from the ids of its rules: two rules with different behaviour must never
 * share an id.
 */
public interface TextRule {

  /**
   * Rewrites {@code text}.
   *
   * @throws IllegalArgumentException if {@code text} is null
   */
  String apply(String text);

  /** A stable identifier of the rule and its parameters. */
  String id();
}

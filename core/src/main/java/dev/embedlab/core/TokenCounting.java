package dev.embedlab.core;

import java.util.List;

/**
 * An embedder that can tell, without embedding, how many tokens each text feeds it and where it
 * cuts a text: so a wrapper that skips the model (a cache hit) still counts the texts the model
 * would have cut. The capability of a model with a tokenizer; a remote API has none.
 */
public interface TokenCounting {
  /**
   * Tokens each text would feed the model for {@code role}, after cutting at {@link #maxLength()}
   * (so a count equal to {@code maxLength()} may mean the text was cut). Runs no model and touches
   * no usage counter.
   */
  int[] tokenCounts(List<String> texts, Embedder.Role role);

  /** The most tokens of one text the model uses. */
  int maxLength();
}

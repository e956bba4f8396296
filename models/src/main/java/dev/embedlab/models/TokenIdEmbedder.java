package dev.embedlab.models;

import dev.embedlab.core.Embedder;

/**
 * Capability of an {@link Embedder} that can embed token-id sequences directly, bypassing its
 * tokenizer: each row is fed to the model exactly as given (the caller adds any special tokens,
 * e.g. {@code [CLS] id [SEP]}), attention over the row's tokens only, then the embedder's own pooling
 * and normalisation. Static-model distillation uses it to embed each vocabulary token by id, as
 * model2vec does, so a WordPiece continuation {@code ##ing} is not turned into the word {@code ing}.
 */
public interface TokenIdEmbedder extends Embedder {

  /**
   * One vector per row of {@code ids}, in input order.
   *
   * @throws IllegalArgumentException if a row is empty, longer than the model's maximum length, or
   *     holds an id outside {@code [0, vocabularySize())}
   */
  float[][] embedTokenIds(long[][] ids);

  /** Number of token ids the model accepts ({@code ids} must be below it). */
  int vocabularySize();
}

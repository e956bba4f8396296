package dev.embedlab.models;

/**
 * How the per-token hidden states {@code h[t]} of one text (t over the tokens whose attention mask
 * is 1; padding never takes part) become one vector.
 */
public enum Pooling {
  /** {@code v = (1/T) * sum_t h[t]} over the T real tokens (sentence-transformers' default; MiniLM, e5). */
  MEAN,
  /** {@code v = h[0]}, the hidden state of the {@code [CLS]} token (bge). */
  CLS,
  /** {@code v[j] = max_t h[t][j]} over the real tokens. */
  MAX
}

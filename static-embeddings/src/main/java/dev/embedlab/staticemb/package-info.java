/**
 * Static embedding models: a table of token vectors, weighted and mean-pooled, no transformer, stored in
 * the model2vec / sentence-transformers {@code StaticEmbedding} layout; loading, saving, distillation
 * from any teacher {@link dev.embedlab.core.Embedder} (by token id when it can take ids), refinement on an
 * unlabelled corpus, and training on pairs.
 */
package dev.embedlab.staticemb;

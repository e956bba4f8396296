/**
 * Adapters between embedlab and Spring AI: {@link dev.embedlab.interop.springai.SpringAiEmbedder} (a Spring AI
 * {@code EmbeddingModel} as an embedlab {@code Embedder}) and
 * {@link dev.embedlab.interop.springai.EmbedlabSpringEmbeddingModel} (the reverse).
 */
package dev.embedlab.interop.springai;

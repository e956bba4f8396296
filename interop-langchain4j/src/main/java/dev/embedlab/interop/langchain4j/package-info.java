/**
 * Adapters between embedlab and LangChain4j: {@link dev.embedlab.interop.langchain4j.LangChain4jEmbedder}
 * (a LangChain4j {@code EmbeddingModel} as an embedlab {@code Embedder}) and
 * {@link dev.embedlab.interop.langchain4j.EmbedlabEmbeddingModel} (the reverse).
 */
package dev.embedlab.interop.langchain4j;

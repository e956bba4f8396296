/**
 * Production storage of embeddings: a corpus streamed to a checksummed, memory-mapped vector file
 * ({@link dev.embedlab.store.VectorFile}, written resumably by {@link dev.embedlab.store.CorpusEmbedding}
 * and searched in place by {@link dev.embedlab.store.MappedVectorRetriever}).
 */
package dev.embedlab.store;

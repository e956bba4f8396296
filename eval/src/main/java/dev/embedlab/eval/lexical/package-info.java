/**
 * Lexical retrieval: BM25 through Lucene over an in-memory index, with Lucene's English or Korean
 * (Nori) analyser, returning {@link dev.embedlab.data.Run}s in trec_eval order.
 */
package dev.embedlab.eval.lexical;

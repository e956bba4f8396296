/**
 * The retrieval seam: one contract ({@link dev.embedlab.core.retrieval.Retriever}) for every way
 * of ranking documents, one ranked-hits type ({@link dev.embedlab.core.retrieval.Ranking}) and one
 * top-k selection ({@link dev.embedlab.core.retrieval.TopK}), all in trec_eval's tie order.
 */
package dev.embedlab.core.retrieval;

/**
 * What a vector codec does to retrieval quality measured with relevance judgements: nDCG@k of the
 * compressed index, with and without full-precision rescoring, relative to float32 exact search.
 */
package dev.embedlab.eval.compression;

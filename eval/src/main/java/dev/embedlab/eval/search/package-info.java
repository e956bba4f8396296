/**
 * Search over embedding vectors: exact top-k by blocked matrix multiplication (BLAS through ND4J)
 * with trec_eval's tie order, and the result type the metrics consume.
 */
package dev.embedlab.eval.search;

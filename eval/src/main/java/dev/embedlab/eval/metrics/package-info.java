/**
 * Ranking metrics equal to trec_eval and pair metrics equal to scikit-learn/scipy: static kernels on
 * primitive arrays, one immutable context per query, immutable results with explicit averaging.
 */
package dev.embedlab.eval.metrics;

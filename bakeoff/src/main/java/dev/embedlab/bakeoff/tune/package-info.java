/**
 * Parameter sweeps of the ANN indexes ({@code embedlab-ann}) measured on qrels: {@link dev.embedlab.bakeoff.tune.AnnTuner}
 * reports nDCG@10 and Recall@k as trec_eval, recall against exact search, latency, build time and memory, the Pareto
 * front, the cheapest configuration for a target, and the loss split into compression and approximation.
 */
package dev.embedlab.bakeoff.tune;

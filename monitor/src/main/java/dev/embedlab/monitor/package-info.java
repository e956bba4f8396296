/**
 * Production monitoring: Micrometer meters on any embedder ({@link dev.embedlab.monitor.MeteredEmbedder}) and
 * retriever ({@link dev.embedlab.monitor.MeteredRetriever}), and a labelled-query quality probe
 * ({@link dev.embedlab.monitor.QualityProbe}) that records Recall@k / nDCG@k as gauges and raises alerts.
 * Meters go to the {@code MeterRegistry} the caller passes in; nothing is registered globally.
 */
package dev.embedlab.monitor;

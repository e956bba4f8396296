/**
 * A runnable example ({@link dev.embedlab.examples.monitoring.MonitoringExample}) wiring a registry, metered
 * embedder and retrievers, a quality probe and an alert, and printing a daily-report-like summary; it uses a
 * shipped model, the store's vector file and the binary codec, none of which the monitor library depends on.
 */
package dev.embedlab.examples.monitoring;

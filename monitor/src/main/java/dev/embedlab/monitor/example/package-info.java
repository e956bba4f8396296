/**
 * A runnable example ({@link dev.embedlab.monitor.example.MonitoringExample}) wiring a registry, metered
 * embedder and retrievers, a quality probe and an alert, and printing a daily-report-like summary.
 * Uses the optional store, models and compress dependencies of this module.
 */
package dev.embedlab.monitor.example;

/**
 * Bake-offs: several candidates (embedders, BM25, fusions of both) on one retrieval set (and
 * optionally one pair set), one immutable result with quality overall and per query slice, speed,
 * footprint, significance against the best and provenance, and a {@link
 * dev.embedlab.bakeoff.Recommendation} computed from it.
 */
package dev.embedlab.bakeoff;

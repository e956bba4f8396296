/**
 * Bake-offs: several candidate embedders on one retrieval set (and optionally one pair set), one
 * immutable result with quality, speed, footprint, significance against the best and provenance.
 */
package dev.embedlab.eval.bakeoff;

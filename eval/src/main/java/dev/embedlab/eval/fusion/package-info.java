/**
 * Combining rankings: reciprocal rank fusion and weighted fusion of normalised scores over
 * {@link dev.embedlab.data.Run}s, and the search for ensemble weights against judgments.
 */
package dev.embedlab.eval.fusion;

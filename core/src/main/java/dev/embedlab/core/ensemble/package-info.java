/**
 * Several embedders as one: concatenation of L2-normalised parts scaled by √wᵢ (dot product =
 * Σ wᵢ·cosᵢ for any mix of dimensions) or a weighted sum of same-space vectors.
 */
package dev.embedlab.core.ensemble;

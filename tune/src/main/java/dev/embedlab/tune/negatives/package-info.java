/**
 * Hard-negative mining: for (query, positive) pairs, pick non-relevant documents that a ranker
 * scores high, with a rank window and a margin that guards against unjudged false negatives.
 */
package dev.embedlab.tune.negatives;

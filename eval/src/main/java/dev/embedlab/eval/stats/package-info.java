/**
 * Statistics for comparing systems on the same queries: paired bootstrap confidence intervals,
 * sign-flip randomisation tests, Holm correction, and A/B sample-size planning. Seeds are parameters.
 */
package dev.embedlab.eval.stats;

/**
 * Improving an embedder with labelled pairs: hard-negative mining ({@code negatives}) and linear
 * adapters trained on frozen embeddings ({@code adapter}).
 */
package dev.embedlab.tune;

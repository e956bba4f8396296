/** The {@link dev.embedlab.core.Embedder} contract and the vector kernels every module shares. */
package dev.embedlab.core;

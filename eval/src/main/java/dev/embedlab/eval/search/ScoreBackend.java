package dev.embedlab.eval.search;

/** How {@link ExactSearch} computes the query × document inner products. */
public enum ScoreBackend {
  /**
   * BLAS for large problems, plain Java below {@link ExactSearch.Builder#blasThreshold(long)}
   * multiply-adds (a single query against a small corpus is faster without the native round
   * trip, and never loads ND4J).
   */
  AUTO,
  /** Always {@code sgemm} through ND4J (OpenBLAS). */
  BLAS,
  /** Always the Java dot-product kernel ({@code dev.embedlab.core.VectorUtil}). */
  JAVA
}

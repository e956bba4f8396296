package dev.embedlab.eval.search;

/** How {@link ExactSearch} computes the query × document inner products. */
public enum ScoreBackend {
  /**
   * BLAS for large problems, plain Java below {@link ExactSearch.Builder#blasThreshold(long)}
   * multiply-adds (a single query against a small corpus is faster without the native round
   * trip, and never loads ND4J); the Java kernel also where ND4J's native backend is not usable.
   */
  AUTO,
  /**
   * {@code sgemm} through ND4J (OpenBLAS) whenever its native backend is usable
   * ({@link ExactSearch#blasAvailable()}); the Java kernel otherwise (same ids and order, scores may
   * differ in the last float bit).
   */
  BLAS,
  /**
   * Always the pure-Java kernel (four documents per query pass, four accumulators each; each score
   * equals {@code dev.embedlab.core.VectorUtil.dot} bit for bit). Never loads ND4J.
   */
  JAVA
}

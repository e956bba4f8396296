package dev.embedlab.compress;

import dev.embedlab.core.Checks;

/**
 * Memory an index needs beyond the codes themselves.
 *
 * @param name description
 * @param bytesPerVector extra bytes per stored vector (graph links, labels)
 * @param fixedBytes extra bytes per index
 */
public record IndexOverhead(String name, double bytesPerVector, long fixedBytes) {
  /** Validates the fields. */
  public IndexOverhead {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    if (!(bytesPerVector >= 0)) {
      throw new IllegalArgumentException("bytesPerVector must be >= 0; bytesPerVector=" + bytesPerVector);
    }
    Checks.atLeast("fixedBytes", fixedBytes, 0);
  }

  /** A flat array of codes scanned by brute force (as FAISS {@code IndexFlat}): no overhead per vector or fixed. */
  public static IndexOverhead flat() {
    return new IndexOverhead("flat", 0, 0);
  }

  /**
   * An hnswlib-style HNSW graph with parameter {@code M}. Per vector: level-0 links
   * {@code 2M·4 + 4} bytes, an 8-byte label, a link-list pointer and level (8 + 4 bytes), and upper
   * levels {@code (4M + 4)} bytes times the expected number of upper levels {@code Σ_{l≥1} M^{-l} =
   * 1/(M-1)} (level multiplier {@code 1/ln M}). Matches hnswlib's {@code HierarchicalNSW} layout.
   */
  public static IndexOverhead hnsw(int m) {
    Checks.atLeast("M", m, 2);
    double perVector = (8.0 * m + 4) + 8 + 8 + 4 + (4.0 * m + 4) / (m - 1);
    return new IndexOverhead("hnsw(M=" + m + ")", perVector, 0);
  }
}

package dev.embedlab.bakeoff;

import dev.embedlab.core.Checks;

/**
 * What a candidate's index costs and what its model cut.
 *
 * @param dimension vector length; 0 for a candidate without vectors (BM25)
 * @param bytesPerVector storage of one vector as searched: {@code 4·dimension} for float32; 0 when
 *     the candidate has no vectors
 * @param truncatedTexts texts cut at the model's maximum length while embedding the corpus and
 *     queries, or {@code -1} when the embedder does not report usage
 *     ({@link dev.embedlab.core.UsageReporting})
 * @param truncatedDocuments corpus documents among them, or {@code -1} when not reported
 * @param maxLength the model's maximum length in tokens, or 0 when unknown / not a model
 * @param indexBytes bytes of a non-vector index (BM25's Lucene index), or {@code -1} when there is
 *     none or it cannot be measured
 * @param note how the figures were obtained when not obvious (e.g. "sum of components"), or empty
 */
public record Footprint(int dimension, long bytesPerVector, long truncatedTexts, long truncatedDocuments,
    int maxLength, long indexBytes, String note) {

  /** Validates. */
  public Footprint {
    Checks.atLeast("dimension", dimension, 0);
    Checks.atLeast("bytesPerVector", bytesPerVector, 0);
    if (truncatedTexts < -1 || truncatedDocuments < -1) {
      throw new IllegalArgumentException("truncation counts must be >= -1; truncatedTexts=" + truncatedTexts
          + " truncatedDocuments=" + truncatedDocuments);
    }
    Checks.atLeast("indexBytes", indexBytes, -1);
    note = note == null ? "" : note;
  }

  /** A dense candidate's footprint without document/maximum-length details. */
  public Footprint(int dimension, long bytesPerVector, long truncatedTexts) {
    this(dimension, bytesPerVector, truncatedTexts, -1, 0, -1, "");
  }

  /** Whether the embedder reported its truncations. */
  public boolean truncationReported() {
    return truncatedTexts >= 0;
  }

  /**
   * Index bytes per corpus document: {@code bytesPerVector} plus {@code indexBytes / documents};
   * {@code NaN} when neither is known (no vectors and an unmeasured index).
   */
  public double bytesPerDocument(int documents) {
    if (bytesPerVector == 0 && (indexBytes < 0 || documents <= 0)) {
      return Double.NaN;
    }
    return bytesPerVector + (indexBytes >= 0 && documents > 0 ? (double) indexBytes / documents : 0);
  }

  /**
   * The footprint of candidates run together (a hybrid): dimensions, bytes per vector and index
   * bytes add up (index bytes unknown only when every part's is), truncation counts are the largest
   * reported.
   */
  static Footprint sum(java.util.List<Footprint> parts, String note) {
    int dim = 0;
    long bpv = 0;
    long index = -1;
    long cutTexts = -1;
    long cutDocs = -1;
    for (Footprint f : parts) {
      dim += f.dimension();
      bpv += f.bytesPerVector();
      if (f.indexBytes() >= 0) {
        index = Math.max(0, index) + f.indexBytes();
      }
      cutTexts = Math.max(cutTexts, f.truncatedTexts());
      cutDocs = Math.max(cutDocs, f.truncatedDocuments());
    }
    return new Footprint(dim, bpv, cutTexts, cutDocs, 0, index, note);
  }
}

package dev.embedlab.compress;

/** The closed set of codecs; the name is written into every saved compressor file. */
public enum CodecKind {
  /** IEEE binary16 per component, 2 bytes/dimension. */
  FLOAT16,
  /** Unsigned 8-bit scalar quantisation with a per-dimension calibrated range, 1 byte/dimension. */
  INT8,
  /** Sign bit per component, packed, compared by Hamming distance; 1 bit/dimension. */
  BINARY,
  /** Product quantisation: m sub-vectors, each replaced by one of 2^bits centroids. */
  PRODUCT_QUANTIZATION,
  /** Principal component projection to k dimensions (optionally whitened), stored as float32. */
  PCA,
  /** Matryoshka-style truncation to the first k dimensions, re-normalised, stored as float32. */
  TRUNCATION
}

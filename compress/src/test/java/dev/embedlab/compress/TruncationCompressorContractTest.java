package dev.embedlab.compress;

import dev.embedlab.testing.BaseVectorCompressorTestCase;

/** The compressor contract for `trunc16` ({@link Codecs#named}). */
class TruncationCompressorContractTest extends BaseVectorCompressorTestCase {
  @Override
  protected Codec newCodec(int dimension) {
    return CompressorCodec.named("trunc16", dimension);
  }

  @Override
  protected double maxReconstructionError() {
    return 2.0;
  }
}

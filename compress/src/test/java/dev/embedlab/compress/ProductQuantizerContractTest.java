package dev.embedlab.compress;

import dev.embedlab.testing.BaseVectorCompressorTestCase;

/** The compressor contract for `pq8` ({@link Codecs#named}). */
class ProductQuantizerContractTest extends BaseVectorCompressorTestCase {
  @Override
  protected Codec newCodec(int dimension) {
    return CompressorCodec.named("pq8", dimension);
  }

  @Override
  protected double maxReconstructionError() {
    return 0.5;
  }
}

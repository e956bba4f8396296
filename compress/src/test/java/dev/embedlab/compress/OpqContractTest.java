package dev.embedlab.compress;

import dev.embedlab.testing.BaseVectorCompressorTestCase;

/** The compressor contract for `opq8` ({@link Codecs#named}). */
class OpqContractTest extends BaseVectorCompressorTestCase {
  @Override
  protected Codec newCodec(int dimension) {
    return CompressorCodec.named("opq8", dimension);
  }

  @Override
  protected double maxReconstructionError() {
    return 0.5;
  }
}

package dev.embedlab.compress;

import dev.embedlab.testing.BaseVectorCompressorTestCase;

/** The compressor contract for `binary` ({@link Codecs#named}). */
class BinaryCompressorContractTest extends BaseVectorCompressorTestCase {
  @Override
  protected Codec newCodec(int dimension) {
    return CompressorCodec.named("binary", dimension);
  }

  @Override
  protected double maxReconstructionError() {
    return 2.0;
  }
}

package dev.embedlab.compress;

import dev.embedlab.testing.BaseVectorCompressorTestCase;

/** The compressor contract for `int8` ({@link Codecs#named}). */
class Int8CompressorContractTest extends BaseVectorCompressorTestCase {
  @Override
  protected Codec newCodec(int dimension) {
    return CompressorCodec.named("int8", dimension);
  }

  @Override
  protected double maxReconstructionError() {
    return 0.02; // 99th-percentile calibration clips the tails of 32-d unit vectors: 0.011 seen
  }
}

package dev.embedlab.compress;

import dev.embedlab.testing.BaseVectorCompressorTestCase;

/** The compressor contract for `pca16` ({@link Codecs#named}). */
class PcaCompressorContractTest extends BaseVectorCompressorTestCase {
  @Override
  protected Codec newCodec(int dimension) {
    return CompressorCodec.named("pca16", dimension);
  }

  @Override
  protected double maxReconstructionError() {
    return 1.0;
  }
}

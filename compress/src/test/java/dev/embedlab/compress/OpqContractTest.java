package dev.embedlab.compress;

import dev.embedlab.testing.BaseVectorCompressorTestCase;

/**
 * The compressor contract for OPQ: {@code opq8}'s codec with 2 rotation iterations and 6 bits
 * instead of the name's 10 and 8 (30 s on 2 cores, now 8 s, for the same checks); {@code CodecsTest}
 * covers the name.
 */
class OpqContractTest extends BaseVectorCompressorTestCase {
  @Override
  protected Codec newCodec(int dimension) {
    return new CompressorCodec(ProductQuantizer.builder(dimension).subspaces(8).bits(6).opqIterations(2).build());
  }

  @Override
  protected double maxReconstructionError() {
    return 0.5;
  }
}

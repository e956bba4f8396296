package dev.embedlab.compress;

import dev.embedlab.testing.BaseVectorCompressorTestCase;
import java.util.List;

/** The compressor contract for `fp16` ({@link Codecs#named}). */
class Float16CompressorContractTest extends BaseVectorCompressorTestCase {
  @Override
  protected Codec newCodec(int dimension) {
    return CompressorCodec.named("fp16", dimension);
  }

  @Override
  protected double maxReconstructionError() {
    return 1e-6;
  }

  @Override
  protected List<float[]> unrepresentable(int dim) {
    float[] v = new float[dim];
    v[5] = 70000f; // finite and within the norm bound, but float16 would store infinity
    return List.of(v);
  }
}

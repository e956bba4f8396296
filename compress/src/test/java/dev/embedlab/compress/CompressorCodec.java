package dev.embedlab.compress;

import dev.embedlab.testing.BaseVectorCompressorTestCase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** A {@link VectorCompressor} seen through the contract's {@link BaseVectorCompressorTestCase.Codec}. */
record CompressorCodec(VectorCompressor c) implements BaseVectorCompressorTestCase.Codec {
  /** The codec of {@code name} ({@link Codecs#named}) for {@code dim}-d vectors: the registry is what users call. */
  static CompressorCodec named(String name, int dim) {
    return new CompressorCodec(Codecs.named(name).create(dim));
  }

  @Override public int dimension() { return c.dimension(); }
  @Override public int bytesPerVector() { return c.bytesPerVector(); }

  @Override
  public void fit(float[][] training) {
    if (c instanceof TrainableCompressor t) {
      t.fit(training);
    } else {
      CompressorFormat.checkMatrix(training, c.dimension(), "training"); // the policy holds for every codec
    }
  }

  @Override public byte[] encode(float[] vector) { return c.encode(vector); }
  @Override public float[] decode(byte[] code) { return c.decode(code); }

  @Override
  public byte[] save() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    c.write(out);
    return out.toByteArray();
  }

  @Override
  public BaseVectorCompressorTestCase.Codec load(byte[] file) throws IOException {
    return new CompressorCodec(VectorCompressor.read(new ByteArrayInputStream(file)));
  }

  @Override public double reconstructionError(float[][] vectors) { return c.reconstructionError(vectors); }
}

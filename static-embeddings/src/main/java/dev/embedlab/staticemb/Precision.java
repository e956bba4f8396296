package dev.embedlab.staticemb;

/** How a static model's vectors are stored in {@code model.safetensors}. */
public enum Precision {
  /** 4 bytes per value. */
  FLOAT32(SafeTensors.DType.F32, "float32"),
  /** 2 bytes per value (IEEE binary16, rounded to nearest even); model2vec's default. */
  FLOAT16(SafeTensors.DType.F16, "float16");

  private final SafeTensors.DType dtype;
  private final String numpyName;

  Precision(SafeTensors.DType dtype, String numpyName) {
    this.dtype = dtype;
    this.numpyName = numpyName;
  }

  SafeTensors.DType dtype() {
    return dtype;
  }

  /** numpy's name of the type, as model2vec writes it into {@code config.json} ({@code embedding_dtype}). */
  public String numpyName() {
    return numpyName;
  }
}

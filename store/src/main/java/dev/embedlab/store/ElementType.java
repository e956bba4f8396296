package dev.embedlab.store;

/** How a stored vector component is encoded. */
public enum ElementType {
  /** IEEE 754 binary32, 4 bytes, exact. */
  FLOAT32(1, 4),
  /** IEEE 754 binary16, 2 bytes, relative error at most 2^-11 (values beyond ±65504 become infinite and are refused). */
  FLOAT16(2, 2);

  private final int code;
  private final int bytes;

  ElementType(int code, int bytes) {
    this.code = code;
    this.bytes = bytes;
  }

  /** The code written in file headers and database rows. */
  public int code() {
    return code;
  }

  /** Bytes per component. */
  public int bytes() {
    return bytes;
  }

  /**
   * The type with {@code code}.
   *
   * @throws IllegalArgumentException for an unknown code
   */
  public static ElementType ofCode(int code) {
    for (ElementType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown element type code " + code + "; expected 1 (float32) or 2 (float16)");
  }
}

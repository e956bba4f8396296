package dev.embedlab.staticemb;

/**
 * IEEE 754 binary16 conversion (Java 17 has no {@code Float.float16ToFloat}). {@link #fromFloat}
 * rounds to nearest, ties to even, like numpy's {@code astype(float16)} and Java 20's
 * {@code Float.floatToFloat16}; overflow gives infinity, NaN stays NaN.
 */
final class Half {
  private Half() {}

  /** The float value of the binary16 bits {@code h}. */
  static float toFloat(short h) {
    int bits = h & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      // Subnormal (or zero): mant * 2^-24.
      float v = mant * 0x1p-24f;
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  /** The binary16 bits nearest to {@code f} (ties to even). */
  static short fromFloat(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int abs = bits & 0x7fffffff;
    if (abs >= 0x7f800000) {
      // Inf or NaN (keep a quiet-NaN payload bit).
      return (short) (sign | 0x7c00 | (abs > 0x7f800000 ? 0x200 : 0));
    }
    if (abs >= 0x477ff000) {
      // >= 65520 rounds to infinity.
      return (short) (sign | 0x7c00);
    }
    if (abs < 0x38800000) {
      // Result is subnormal or zero: value / 2^-24, rounded to nearest even.
      float v = Float.intBitsToFloat(abs) * 0x1p24f;
      int m = (int) Math.rint(v);
      return (short) (sign | m);
    }
    int exp = (abs >>> 23) - 112;
    int mant = abs & 0x7fffff;
    int half = (exp << 10) | (mant >>> 13);
    int rest = mant & 0x1fff;
    if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
      half++;
    }
    return (short) (sign | half);
  }
}

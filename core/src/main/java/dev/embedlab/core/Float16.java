package dev.embedlab.core;

/**
 * IEEE 754 binary16 ("half precision") conversions for Java 17, which lacks
 * {@code Float.floatToFloat16}/{@code Float.float16ToFloat} (added in Java 20). The one converter of
 * embedlab: the fp16 codec, the vector file, the SQLite store and static-model files all use it.
 *
 * <p>Layout: 1 sign bit, 5 exponent bits (bias 15), 10 mantissa bits. Normal halves have value
 * {@code (-1)^s · 2^(e-15) · (1 + m/1024)}; subnormals ({@code e = 0}) {@code (-1)^s · 2^-24 · m}.
 * The largest finite half is 65504; the unit roundoff for normal values is {@code 2^-11}.
 *
 * <p>{@link #floatToHalf} rounds to nearest, ties to even (as IEEE 754 {@code convertFormat} and Java
 * 20's {@code Float.floatToFloat16}): values at or above 65520 become infinity, values at or below
 * {@code 2^-25} become signed zero, NaN stays NaN (the top 10 payload bits are kept; a payload that
 * would vanish becomes the quiet bit). {@link #halfToFloat} is exact (every half is a float).
 */
public final class Float16 {
  private Float16() {}

  /** Relative rounding error bound for normal halves: {@code 2^-11}. */
  public static final double UNIT_ROUNDOFF = 0x1p-11;

  /** Largest finite half, 65504. */
  public static final float MAX_VALUE = 65504f;

  /** Smallest positive normal half, {@code 2^-14}. */
  public static final float MIN_NORMAL = 0x1p-14f;

  /** The binary16 bits (in the low 16 bits of the short) nearest to {@code f}, ties to even. */
  public static short floatToHalf(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exp = (bits >>> 23) & 0xFF;
    int mant = bits & 0x7FFFFF;
    if (exp == 0xFF) {
      if (mant == 0) {
        return (short) (sign | 0x7C00);
      }
      int payload = mant >>> 13;
      return (short) (sign | 0x7C00 | (payload == 0 ? 0x200 : payload));
    }
    int e = exp - 127 + 15;
    if (e >= 0x1F) {
      return (short) (sign | 0x7C00);
    }
    if (e >= 1) {
      int m = mant >>> 13;
      int rem = mant & 0x1FFF;
      int h = (e << 10) | m;
      if (rem > 0x1000 || (rem == 0x1000 && (m & 1) != 0)) {
        h++; // a carry out of the mantissa correctly bumps the exponent (up to infinity)
      }
      return (short) (sign | h);
    }
    if (exp == 0) {
      return (short) sign; // float zero or subnormal (< 2^-126) is far below half's 2^-25
    }
    // Half subnormal: value = sig · 2^(exp-150), in units of 2^-24 that is sig >> (126 - exp).
    int sig = mant | 0x800000;
    int shift = 126 - exp; // >= 14 here
    if (shift > 24) {
      return (short) sign;
    }
    int m = sig >>> shift;
    int rem = sig & ((1 << shift) - 1);
    int halfway = 1 << (shift - 1);
    if (rem > halfway || (rem == halfway && (m & 1) != 0)) {
      m++; // may become 0x400, which is exactly the smallest normal half
    }
    return (short) (sign | m);
  }

  /** The float equal to the binary16 value in the low 16 bits of {@code h} (exact). */
  public static float halfToFloat(short h) {
    int bits = h & 0xFFFF;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1F;
    int mant = bits & 0x3FF;
    if (exp == 0) {
      float v = mant * 0x1p-24f;
      return sign != 0 ? -v : v;
    }
    if (exp == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
    }
    return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
  }
}

package dev.embedlab.compress;

import dev.embedlab.core.Checks;
import java.util.List;
import java.util.Locale;

/**
 * Memory for {@code N} vectors under a codec and an index layout:
 * {@code total = N·(codec bytes/vector + index bytes/vector) + codec fixed bytes + index fixed bytes}.
 * Pure arithmetic, no allocation: 1M × 3072-d float32 is {@code 12,288,000,000} bytes ≈ 12.3 GB
 * (11.4 GiB), i.e. {@code 3072 × 4 B} = 12 KiB per vector, with no index overhead.
 */
public final class MemoryEstimator {
  private MemoryEstimator() {}

  /**
   * One estimate.
   *
   * @param vectors number of vectors {@code N}
   * @param codec codec cost
   * @param index index layout cost
   * @param totalBytes the total
   */
  public record Estimate(long vectors, CodecSpec codec, IndexOverhead index, long totalBytes) {
    /** Validates the fields. */
    public Estimate {
      if (vectors < 0 || totalBytes < 0 || codec == null || index == null) {
        throw new IllegalArgumentException("vectors and totalBytes must be >= 0, codec and index non-null");
      }
    }

    /** Bytes per vector including index overhead, excluding fixed bytes. */
    public double bytesPerVector() {
      return codec.bytesPerVector() + index.bytesPerVector();
    }
  }

  /** Estimates {@code n} vectors under {@code codec} in a flat index. */
  public static Estimate estimate(long n, CodecSpec codec) {
    return estimate(n, codec, IndexOverhead.flat());
  }

  /** Estimates {@code n} vectors under {@code codec} and {@code index}. */
  public static Estimate estimate(long n, CodecSpec codec, IndexOverhead index) {
    Checks.atLeast("n", n, 0);
    if (codec == null || index == null) {
      throw new IllegalArgumentException("codec and index must not be null");
    }
    long perVector = Math.addExact(Math.multiplyExact(n, codec.bytesPerVector()),
        (long) Math.ceil(n * index.bytesPerVector()));
    long total = Math.addExact(perVector, codec.fixedBytes() + index.fixedBytes());
    return new Estimate(n, codec, index, total);
  }

  /**
   * Decimal (SI) units (B, kB, MB, GB, TB) with three significant digits, e.g. 12,288,000,000 bytes
   * as "12.3 GB".
   */
  public static String formatDecimal(double bytes) {
    return format(bytes, 1000, new String[] {"B", "kB", "MB", "GB", "TB"});
  }

  /** Binary units (B, KiB, MiB, GiB, TiB). */
  public static String formatBinary(double bytes) {
    return format(bytes, 1024, new String[] {"B", "KiB", "MiB", "GiB", "TiB"});
  }

  private static String format(double bytes, int base, String[] units) {
    int u = 0;
    double v = bytes;
    while (v >= base && u < units.length - 1) {
      v /= base;
      u++;
    }
    return u == 0 ? String.format(Locale.ROOT, "%.0f %s", v, units[u])
        : String.format(Locale.ROOT, "%.3g %s", v, units[u]);
  }

  /**
   * A Markdown table: one row per codec, columns bytes/vector and total for each {@code n}, in
   * decimal units.
   */
  public static String table(List<CodecSpec> codecs, long[] ns, IndexOverhead index) {
    StringBuilder sb = new StringBuilder("| codec | dim | bytes/vector |");
    for (long n : ns) {
      sb.append(' ').append(String.format(Locale.ROOT, "%,d", n)).append(" vectors |");
    }
    sb.append("\n|---|---:|---:|");
    sb.append("---:|".repeat(ns.length)).append('\n');
    for (CodecSpec c : codecs) {
      Estimate one = estimate(1, c, index);
      sb.append("| ").append(c.name()).append(" | ").append(c.dimension()).append(" | ")
          .append(formatBinary(one.bytesPerVector())).append(" |");
      for (long n : ns) {
        sb.append(' ').append(formatDecimal(estimate(n, c, index).totalBytes())).append(" |");
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}

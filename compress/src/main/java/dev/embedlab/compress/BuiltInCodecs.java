package dev.embedlab.compress;

import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The codecs of this module by name: {@code float16}/{@code fp16}, {@code int8}, {@code binary},
 * {@code pq<m>[x<bits>]} (m subspaces, 8 bits unless given), {@code opq<m>[x<bits>]} (the same with
 * an OPQ rotation learnt in {@value #OPQ_ITERATIONS} iterations), {@code pca<k>[w]} (k principal
 * components, whitened with {@code w}) and {@code trunc<k>} (Matryoshka truncation to k). Registered
 * as a {@link CodecProvider} service; trainable codecs use their builders' defaults (seed 42).
 */
public final class BuiltInCodecs implements CodecProvider {
  /** OPQ rotation iterations of {@code opq<m>}. */
  public static final int OPQ_ITERATIONS = 10;
  private static final Pattern PQ = Pattern.compile("(o?pq)(\\d{1,6})(?:x(\\d{1,2}))?");
  private static final Pattern PCA = Pattern.compile("pca(\\d{1,6})(w?)");
  private static final Pattern TRUNC = Pattern.compile("trunc(?:ate)?(\\d{1,6})");

  /** Public for the {@link java.util.ServiceLoader}. */
  public BuiltInCodecs() {}

  @Override
  public List<String> syntax() {
    return List.of("float16", "fp16", "int8", "binary", "pq<m>[x<bits>]", "opq<m>[x<bits>]", "pca<k>[w]", "trunc<k>");
  }

  @Override
  public Optional<CodecFactory> parse(String name) {
    switch (name) {
      case "float16", "fp16" -> {
        return Optional.of(factory("float16", Float16Compressor::new, CodecSpec::float16));
      }
      case "int8" -> {
        return Optional.of(factory("int8", d -> Int8Compressor.builder(d).build(), CodecSpec::int8));
      }
      case "binary" -> {
        return Optional.of(factory("binary", BinaryCompressor::new, CodecSpec::binary));
      }
      default -> { }
    }
    Matcher m = PQ.matcher(name);
    if (m.matches()) {
      boolean opq = m.group(1).equals("opq");
      int sub = positive(name, "subspaces", m.group(2));
      int bits = m.group(3) == null ? 8 : positive(name, "bits", m.group(3));
      if (bits > 8) {
        throw new IllegalArgumentException("codec " + name + ": bits must be in [1, 8]; bits=" + bits);
      }
      String canonical = m.group(1) + sub + (bits == 8 ? "" : "x" + bits);
      return Optional.of(factory(canonical, d -> {
        requireDivides(canonical, sub, d);
        return ProductQuantizer.builder(d).subspaces(sub).bits(bits).opqIterations(opq ? OPQ_ITERATIONS : 0).build();
      }, d -> {
        requireDivides(canonical, sub, d);
        CodecSpec pq = CodecSpec.pq(d, sub, bits);
        return opq ? new CodecSpec("o" + pq.name(), d, pq.bytesPerVector(), pq.fixedBytes() + 4L * d * d) : pq;
      }));
    }
    m = PCA.matcher(name);
    if (m.matches()) {
      int k = positive(name, "components", m.group(1));
      boolean whiten = !m.group(2).isEmpty();
      String canonical = "pca" + k + (whiten ? "w" : "");
      return Optional.of(factory(canonical, d -> {
        requireAtMost(canonical, k, d);
        return new PcaCompressor(d, k, whiten);
      }, d -> {
        requireAtMost(canonical, k, d);
        return CodecSpec.pca(d, k);
      }));
    }
    m = TRUNC.matcher(name);
    if (m.matches()) {
      int k = positive(name, "kept dimensions", m.group(1));
      String canonical = "trunc" + k;
      return Optional.of(factory(canonical, d -> {
        requireAtMost(canonical, k, d);
        return new TruncationCompressor(d, k);
      }, d -> {
        requireAtMost(canonical, k, d);
        return CodecSpec.truncation(d, k);
      }));
    }
    return Optional.empty();
  }

  private static int positive(String name, String what, String digits) {
    int v = Integer.parseInt(digits); // at most 6 digits: no overflow
    if (v < 1) {
      throw new IllegalArgumentException("codec " + name + ": " + what + " must be >= 1; " + what + "=" + v);
    }
    return v;
  }

  private static void requireDivides(String name, int sub, int dim) {
    if (dim % sub != 0) {
      throw new IllegalArgumentException("codec " + name + " needs a dimension divisible by " + sub
          + "; the vectors have " + dim);
    }
  }

  private static void requireAtMost(String name, int k, int dim) {
    if (k > dim) {
      throw new IllegalArgumentException("codec " + name + " keeps " + k + " dimensions; the vectors have only "
          + dim);
    }
  }

  private static CodecFactory factory(String name, IntFunction<VectorCompressor> make, IntFunction<CodecSpec> spec) {
    return new CodecFactory() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public VectorCompressor create(int dimension) {
        CompressorFormat.checkDimension(dimension);
        return make.apply(dimension);
      }

      @Override
      public CodecSpec spec(int dimension) {
        CompressorFormat.checkDimension(dimension);
        return spec.apply(dimension);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }
}

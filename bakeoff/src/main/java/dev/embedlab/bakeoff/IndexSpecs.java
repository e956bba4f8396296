package dev.embedlab.bakeoff;

import dev.embedlab.compress.BinaryCompressor;
import dev.embedlab.compress.CompressedIndex;
import dev.embedlab.compress.Float16Compressor;
import dev.embedlab.compress.Int8Compressor;
import dev.embedlab.compress.ProductQuantizer;
import dev.embedlab.compress.TrainableCompressor;
import dev.embedlab.compress.VectorCompressor;
import dev.embedlab.core.retrieval.IndexFactory;
import dev.embedlab.core.retrieval.IndexSpecProvider;
import dev.embedlab.eval.search.ExactSearch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Index specs as the command line writes them: {@code exact}, or a codec with optional rescoring,
 * {@code codec[+rescore<f>]} with codec one of {@code int8}, {@code binary}, {@code fp16},
 * {@code pq<m>} (m subspaces, 8 bits each) — e.g. {@code int8+rescore4}, {@code pq48+rescore4} —
 * built as a {@link CompressedIndex} whose codec is trained on the corpus vectors inside the
 * factory (so training counts as index build time). Any other spec is offered to the
 * {@link IndexSpecProvider}s on the class path (e.g. {@code hnsw:M=16,ef=100}).
 */
public final class IndexSpecs {
  private static final Pattern CODEC = Pattern.compile("(int8|binary|fp16|float16|pq(\\d+))(\\+rescore(\\d+))?");

  /** The built-in specs, as examples. */
  public static final List<String> BUILT_IN = List.of("exact", "int8", "int8+rescore4", "binary+rescore10", "fp16",
      "pq48", "pq48+rescore4");

  private IndexSpecs() {}

  /**
   * The factory for {@code spec}.
   *
   * @throws IllegalArgumentException for a spec no one handles (the message lists the known
   *     specs), or a wrong parameter
   */
  public static IndexFactory parse(String spec) {
    return parse(spec, providers());
  }

  /** As {@link #parse(String)}, with these providers instead of the {@link ServiceLoader}'s. */
  public static IndexFactory parse(String spec, List<IndexSpecProvider> providers) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("index spec must be non-blank; expected one of " + known(providers));
    }
    String s = spec.strip().toLowerCase(Locale.ROOT);
    if (s.equals("exact") || s.equals("exact-f32") || s.equals("float32")) {
      return exactFloat32();
    }
    Matcher m = CODEC.matcher(s);
    if (m.matches()) {
      int f = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
      if (m.group(3) != null && f < 1) {
        throw new IllegalArgumentException("index spec " + spec + ": rescore factor must be >= 1; found " + f);
      }
      IntFunction<VectorCompressor> codec;
      switch (m.group(1).startsWith("pq") ? "pq" : m.group(1)) {
        case "int8" -> codec = dim -> Int8Compressor.builder(dim).build();
        case "binary" -> codec = BinaryCompressor::new;
        case "fp16", "float16" -> codec = Float16Compressor::new;
        default -> {
          int sub = Integer.parseInt(m.group(2));
          if (sub < 1) {
            throw new IllegalArgumentException("index spec " + spec + ": pq needs >= 1 subspaces; found " + sub);
          }
          codec = dim -> {
            if (dim % sub != 0) {
              throw new IllegalArgumentException("index spec " + spec + ": pq" + sub + " needs a dimension divisible"
                  + " by " + sub + "; the vectors have " + dim);
            }
            return ProductQuantizer.builder(dim).subspaces(sub).build();
          };
        }
      }
      return compressed(codec, f);
    }
    for (IndexSpecProvider p : providers) {
      Optional<IndexFactory> f = p.parse(spec.strip());
      if (f.isPresent()) {
        return f.get();
      }
    }
    throw new IllegalArgumentException("unknown index spec \"" + spec + "\"; expected one of " + known(providers)
        + " (codec[+rescore<f>]; pq<m> for m subspaces" + (providers.isEmpty()
            ? "; no IndexSpecProvider on the class path offers ANN indexes such as hnsw" : "") + ")");
  }

  /** Exact float32 inner-product search (BLAS where available): the reference every index is judged by. */
  public static IndexFactory exactFloat32() {
    return in -> ExactSearch.builder().threads(in.threads()).build().retriever(in.ids(), in.requireVectors("exact search"));
  }

  /** A compressed index whose codec is trained on the corpus vectors when it needs training. */
  static IndexFactory compressed(IntFunction<VectorCompressor> codec, int rescore) {
    return in -> {
      float[][] v = in.requireVectors("a compressed index");
      if (v.length == 0) {
        throw new IllegalStateException("a compressed index needs at least one document vector; found 0");
      }
      VectorCompressor c = codec.apply(v[0].length);
      if (c instanceof TrainableCompressor t && !t.isTrained()) {
        t.fit(v);
      }
      return CompressedIndex.builder(c).vectors(Arrays.asList(in.ids()), v).threads(Math.max(1, in.threads()))
          .rescoring(rescore > 0 ? CompressedIndex.Rescoring.oversample(rescore) : CompressedIndex.Rescoring.none())
          .build();
    };
  }

  /** The built-in specs and every provider's examples. */
  public static List<String> known(List<IndexSpecProvider> providers) {
    List<String> k = new ArrayList<>(BUILT_IN);
    providers.forEach(p -> k.addAll(p.examples()));
    return k;
  }

  /** The providers on the class path. */
  public static List<IndexSpecProvider> providers() {
    List<IndexSpecProvider> out = new ArrayList<>();
    ServiceLoader.load(IndexSpecProvider.class).forEach(out::add);
    return out;
  }
}

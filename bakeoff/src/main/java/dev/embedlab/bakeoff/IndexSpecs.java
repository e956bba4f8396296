package dev.embedlab.bakeoff;

import dev.embedlab.compress.CodecFactory;
import dev.embedlab.compress.CodecProvider;
import dev.embedlab.compress.Codecs;
import dev.embedlab.compress.CompressedIndex;
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
 * {@code codec[+rescore<f>]} with codec any name compress's codec registry knows
 * ({@link Codecs#named}: {@code int8}, {@code binary}, {@code fp16}, {@code pq<m>[x<bits>]},
 * {@code opq<m>}, {@code pca<k>[w]}, {@code trunc<k>}, and any {@link CodecProvider} on the class
 * path) — e.g. {@code int8+rescore4}, {@code pq48+rescore4}, {@code pca128+rescore4} — built as a
 * {@link CompressedIndex} whose codec is trained on the corpus vectors inside the factory (so
 * training counts as index build time). Any other spec is offered to the
 * {@link IndexSpecProvider}s on the class path (e.g. {@code hnsw:M=16,ef=100}).
 */
public final class IndexSpecs {
  private static final Pattern RESCORE = Pattern.compile("(.+?)\\+rescore(\\d{1,6})");

  /** The built-in specs, as examples. */
  public static final List<String> BUILT_IN = List.of("exact", "int8", "int8+rescore4", "binary+rescore10", "fp16",
      "pq48", "pq48+rescore4", "pca128+rescore4", "trunc256");

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
    return parse(spec, providers, Codecs.providers());
  }

  /** As {@link #parse(String)}, with these index and codec providers. */
  public static IndexFactory parse(String spec, List<IndexSpecProvider> providers, List<CodecProvider> codecs) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("index spec must be non-blank; expected one of " + known(providers));
    }
    String s = spec.strip().toLowerCase(Locale.ROOT);
    if (s.equals("exact") || s.equals("exact-f32") || s.equals("float32")) {
      return exactFloat32();
    }
    Matcher m = RESCORE.matcher(s);
    String codecName = m.matches() ? m.group(1) : s;
    int f = m.matches() ? Integer.parseInt(m.group(2)) : 0;
    Optional<CodecFactory> codec = codec(codecName, codecs);
    if (codec.isPresent()) {
      if (m.matches() && f < 1) {
        throw new IllegalArgumentException("index spec " + spec + ": rescore factor must be >= 1; found " + f);
      }
      return compressed(codec.get()::create, f);
    }
    for (IndexSpecProvider p : providers) {
      Optional<IndexFactory> found = p.parse(spec.strip());
      if (found.isPresent()) {
        return found.get();
      }
    }
    throw new IllegalArgumentException("unknown index spec \"" + spec + "\"; expected one of " + known(providers)
        + " (codec[+rescore<f>], codec one of " + Codecs.known(codecs) + (providers.isEmpty()
            ? "; no IndexSpecProvider on the class path offers ANN indexes such as hnsw" : "") + ")");
  }

  /** The codec a provider knows by {@code name}; a known name with a wrong parameter throws. */
  private static Optional<CodecFactory> codec(String name, List<CodecProvider> codecs) {
    for (CodecProvider p : codecs) {
      Optional<CodecFactory> c = p.parse(name);
      if (c.isPresent()) {
        return c;
      }
    }
    return Optional.empty();
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

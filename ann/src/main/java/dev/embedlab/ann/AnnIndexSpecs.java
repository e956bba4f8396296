package dev.embedlab.ann;

import dev.embedlab.core.retrieval.IndexFactory;
import dev.embedlab.core.retrieval.IndexSpecProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The ANN indexes as bake-off index specs ({@code --index [model:]SPEC}), found by
 * {@link java.util.ServiceLoader}:
 * <ul>
 *   <li>{@code hnsw[:M=16,beam=100,ef=100,sq=0|4|7]} — {@link LuceneHnswRetriever} in memory,
 *       float32 (default) or scalar-quantised with {@code sq} bits;
 *   <li>{@code jvector[:M=16,beam=100,ef=100]} — {@link JVectorRetriever}, jvector's in-memory graph
 *       (degree {@code 2·M}, as HNSW's bottom layer), float32;
 *   <li>{@code ivf[:nlist=64,nprobe=8,pq=0|m,bits=8,rescore=0|n]} — {@link IvfRetriever}, flat lists by
 *       default or PQ codes with {@code pq} sub-spaces, optionally rescoring the best {@code n}.
 * </ul>
 * Names are case-insensitive ({@code M=16} or {@code m=16}). Unknown or malformed parameters are refused, naming the parameter, the value and what is allowed.
 */
public final class AnnIndexSpecs implements IndexSpecProvider {

  @Override
  public Optional<IndexFactory> parse(String spec) {
    String kind = (spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec).toLowerCase(java.util.Locale.ROOT);
    if (!kind.equals("hnsw") && !kind.equals("ivf") && !kind.equals("jvector")) {
      return Optional.empty(); // not ours: its parameters are not read (another provider may take it)
    }
    Map<String, Integer> p = params(spec);
    switch (kind) {
      case "hnsw" -> {
        check(spec, p, Set.of("m", "beam", "ef", "sq"));
        int m = p.getOrDefault("m", 16);
        int beam = p.getOrDefault("beam", 100);
        int ef = p.getOrDefault("ef", 100);
        int sq = p.getOrDefault("sq", 0);
        if (sq != 0 && sq != 4 && sq != 7) {
          throw new IllegalArgumentException("index spec " + spec + ": sq must be 0 (float32), 4 or 7 bits; sq=" + sq);
        }
        return Optional.of(in -> {
          try {
            return LuceneHnswRetriever.builder().maxConn(m).beamWidth(beam).candidates(ef)
                .scalarQuantized(sq != 0).scalarBits(sq).threads(Math.max(1, in.threads()))
                .build(in.ids(), in.requireVectors(spec));
          } catch (IOException e) {
            throw new UncheckedIOException("building " + spec + " failed", e);
          }
        });
      }
      case "jvector" -> {
        check(spec, p, Set.of("m", "beam", "ef"));
        int m = p.getOrDefault("m", 16);
        int beam = p.getOrDefault("beam", 100);
        int ef = p.getOrDefault("ef", 100);
        return Optional.of(in -> JVectorRetriever.builder().maxConn(m).beamWidth(beam).candidates(ef)
            .threads(Math.max(1, in.threads())).build(in.ids(), in.requireVectors(spec)));
      }
      case "ivf" -> {
        check(spec, p, Set.of("nlist", "nprobe", "pq", "bits", "rescore"));
        int nlist = p.getOrDefault("nlist", 64);
        int nprobe = p.getOrDefault("nprobe", 8);
        int pq = p.getOrDefault("pq", 0);
        int rescore = p.getOrDefault("rescore", 0);
        int bits = p.getOrDefault("bits", 8);
        return Optional.of(in -> IvfRetriever.builder().nlist(nlist).nprobe(nprobe).pqSubspaces(pq).pqBits(bits)
            .rescore(rescore).threads(Math.max(1, in.threads())).build(in.ids(), in.requireVectors(spec)));
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  @Override
  public List<String> examples() {
    return List.of("hnsw:M=16,ef=100", "hnsw:M=16,ef=40,sq=7", "jvector:M=16,ef=100", "ivf:nlist=64,nprobe=32", "ivf:nlist=64,nprobe=32,pq=48,rescore=100");
  }

  private static Map<String, Integer> params(String spec) {
    Map<String, Integer> out = new LinkedHashMap<>();
    int colon = spec.indexOf(':');
    if (colon < 0 || colon == spec.length() - 1) {
      return out;
    }
    for (String kv : spec.substring(colon + 1).split(",")) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("index spec " + spec + ": expected name=value, found '" + kv + "'");
      }
      String given = kv.substring(0, eq).strip();
      String name = given.toLowerCase(java.util.Locale.ROOT); // M or m
      String value = kv.substring(eq + 1).strip();
      try {
        out.put(name, Integer.parseInt(value));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("index spec " + spec + ": the value of " + given
            + " must be a whole number; " + given + "=" + value);
      }
    }
    return out;
  }

  private static void check(String spec, Map<String, Integer> p, Set<String> allowed) {
    for (String k : p.keySet()) {
      if (!allowed.contains(k)) {
        throw new IllegalArgumentException("index spec " + spec + ": unknown parameter " + k + "; expected one of "
            + new java.util.TreeSet<>(allowed));
      }
    }
  }
}

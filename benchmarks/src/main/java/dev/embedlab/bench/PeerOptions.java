package dev.embedlab.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options every ANN peer benchmark ({@link HnswPeerBenchmark}, {@link IvfPeerBenchmark}) takes:
 * the vector set ({@code --shared}, {@code --cache}, {@code --synthetic}, {@code --dim},
 * {@code --queries}, {@code --clusters}, {@code --noise}, {@code --seed}), the run ({@code --dir},
 * {@code --rounds}, {@code --threads}, {@code --k}) and the FAISS side ({@code --python},
 * {@code --script}), and the benchmark's own options, kept as text until it asks for them.
 */
final class PeerOptions {
  Path shared = Path.of("../shared");
  Path dir;
  Path cache;
  int synthetic;
  int dim = 384;
  int queries = 1000;
  int clusters = 1000;
  double noise = 0.8;
  long seed = 42;
  int rounds = 3;
  int threads = 1;
  int k = 10;
  String python = "/usr/bin/python3";
  Path script;
  private final Set<String> own;
  private final Map<String, String> values = new HashMap<>();

  /**
   * Parses {@code args}: pairs of option and value.
   *
   * @param dir the default output folder
   * @param script the default FAISS peer script
   * @param own the benchmark's own option names, read later with {@link #ints} and {@link #list}
   * @throws IllegalArgumentException naming an unknown option or one without a value
   */
  PeerOptions(String[] args, Path dir, Path script, Set<String> own) {
    this.dir = dir;
    this.script = script;
    this.own = own;
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + args[i] + " needs a value");
      }
      if (own.contains(args[i])) {
        values.put(args[i], args[i + 1]);
      } else if (!take(args[i], args[i + 1])) {
        throw new IllegalArgumentException("unknown option " + args[i] + "; expected one of " + own
            + " or --shared, --dir, --cache, --synthetic, --dim, --queries, --clusters, --noise, --seed, --rounds,"
            + " --threads, --k, --python, --script");
      }
    }
  }

  /** The comma-separated integers given for the benchmark's option {@code name}, or {@code dflt}. */
  int[] ints(String name, int... dflt) {
    String v = values.get(requireOwn(name));
    return v == null ? dflt : Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
  }

  /** The comma-separated words given for the benchmark's option {@code name}, or {@code dflt}. */
  List<String> list(String name, String... dflt) {
    String v = values.get(requireOwn(name));
    return List.of(v == null ? dflt : v.split(","));
  }

  private String requireOwn(String name) {
    if (!own.contains(name)) {
      throw new IllegalArgumentException(name + " is not one of the benchmark's options " + own);
    }
    return name;
  }

  private boolean take(String name, String v) {
    switch (name) {
      case "--shared" -> shared = Path.of(v);
      case "--dir" -> dir = Path.of(v);
      case "--cache" -> cache = Path.of(v);
      case "--synthetic" -> synthetic = Integer.parseInt(v);
      case "--dim" -> dim = Integer.parseInt(v);
      case "--queries" -> queries = Integer.parseInt(v);
      case "--clusters" -> clusters = Integer.parseInt(v);
      case "--noise" -> noise = Double.parseDouble(v);
      case "--seed" -> seed = Long.parseLong(v);
      case "--rounds" -> rounds = Integer.parseInt(v);
      case "--threads" -> threads = Integer.parseInt(v);
      case "--k" -> k = Integer.parseInt(v);
      case "--python" -> python = v;
      case "--script" -> script = Path.of(v);
      default -> {
        return false;
      }
    }
    return true;
  }

  /** The vector set these options name, with its exact top-k. */
  PeerVectors vectors() throws IOException {
    return PeerVectors.load(shared, cache, synthetic, dim, queries, clusters, noise, seed, k);
  }
}

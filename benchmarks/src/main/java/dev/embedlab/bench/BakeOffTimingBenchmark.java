package dev.embedlab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Wall time of the one-model bake-off, each run a fresh JVM as a user starts it: cold (an empty
 * {@code --cache}), then the same command again (everything from the cache: the candidate's vectors
 * and the truncation probe's), and optionally without any cache. Prints both times, their ratio,
 * the goals (cold ≤ 180 s, cached ≤ 15 s on 2 cores) and whether every candidate's metrics
 * and the probe agree between the runs (they must: a cache changes speed only).
 *
 * <pre>
 * mvn -o -q -pl benchmarks -am compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp benchmarks/target/classes:$(cat /tmp/cp.txt) dev.embedlab.bench.BakeOffTimingBenchmark \
 *     [--beir ../shared/data/scifact] [--models all-minilm-l6-v2] [--dir target/bakeoff-timing] [--uncached]
 * </pre>
 * The child JVMs get this JVM's class path and {@code -Xmx}; nothing else is shared between runs.
 */
public final class BakeOffTimingBenchmark {
  private BakeOffTimingBenchmark() {}

  /** One child run: wall seconds and its {@code bakeoff.json}. */
  record Run(String label, double seconds, JsonNode report) {}

  public static void main(String[] args) throws Exception {
    Path beir = EmbedThroughputBenchmark.sharedDir().resolve("data/scifact");
    String models = "all-minilm-l6-v2";
    Path dir = Path.of("target/bakeoff-timing");
    boolean uncached = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--beir" -> beir = Path.of(args[++i]);
        case "--models" -> models = args[++i];
        case "--dir" -> dir = Path.of(args[++i]);
        case "--uncached" -> uncached = true;
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; expected --beir DIR, --models LIST, --dir DIR, --uncached");
      }
    }
    if (!Files.isDirectory(beir)) {
      System.out.println("BEIR folder not found at " + beir + "; nothing to benchmark");
      return;
    }
    Path cache = dir.resolve("cache");
    deleteTree(dir);
    Files.createDirectories(dir);
    System.out.printf(Locale.ROOT, "one-model bake-off timing: --beir %s --models %s, %d cores, %s%n", beir, models,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name") + " "
            + System.getProperty("java.version"));
    List<Run> runs = new ArrayList<>();
    runs.add(run("cold (empty --cache)", beir, models, cache, dir.resolve("out-cold")));
    runs.add(run("the same command again (from --cache)", beir, models, cache, dir.resolve("out-cached")));
    if (uncached) {
      runs.add(run("no --cache", beir, models, null, dir.resolve("out-uncached")));
    }
    for (Run r : runs) {
      System.out.printf(Locale.ROOT, "%-40s %8.1f s wall (bake-off's own total %.1f s)%n", r.label(), r.seconds(),
          r.report().path("run").path("totalSeconds").asDouble());
    }
    Run cold = runs.get(0);
    Run cached = runs.get(1);
    System.out.printf(Locale.ROOT, "cached / cold: %.3f (%.1fx faster); goals: cold <= 180 s %s, cached <= 15 s %s%n",
        cached.seconds() / cold.seconds(), cold.seconds() / cached.seconds(), cold.seconds() <= 180 ? "met" : "MISSED",
        cached.seconds() <= 15 ? "met" : "MISSED");
    for (Run r : runs.subList(1, runs.size())) {
      String diff = sameQuality(cold.report(), r.report());
      System.out.println(diff.isEmpty() ? "metrics and truncation probe identical: " + r.label()
          : "DIFFERENT (" + r.label() + "): " + diff);
    }
  }

  static Run run(String label, Path beir, String models, Path cache, Path out) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + Runtime.getRuntime().maxMemory() / (1 << 20) + "m", "-cp", System.getProperty("java.class.path"),
        "dev.embedlab.examples.BakeOffMain", "--beir", beir.toString(), "--models", models, "--out", out.toString(),
        "--quiet"));
    if (cache != null) {
      cmd.addAll(List.of("--cache", cache.toString()));
    }
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(out.resolveSibling(out.getFileName() + ".log").toFile()).start();
    int rc = p.waitFor();
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (rc != 0) {
      throw new IllegalStateException(label + ": the bake-off exited with " + rc + "; see "
          + out.resolveSibling(out.getFileName() + ".log"));
    }
    Path json;
    try (Stream<Path> s = Files.walk(out)) {
      json = s.filter(f -> f.getFileName().toString().equals("bakeoff.json")).findFirst()
          .orElseThrow(() -> new IllegalStateException(label + ": no bakeoff.json under " + out));
    }
    return new Run(label, seconds, new ObjectMapper().readTree(json.toFile()));
  }

  /** Empty when every candidate's metrics and the truncation probes are equal, else what differs. */
  static String sameQuality(JsonNode a, JsonNode b) {
    List<String> diffs = new ArrayList<>();
    JsonNode ca = a.path("candidates");
    JsonNode cb = b.path("candidates");
    if (ca.size() != cb.size()) {
      return ca.size() + " candidates vs " + cb.size();
    }
    for (int i = 0; i < ca.size(); i++) {
      if (!ca.get(i).path("metrics").equals(cb.get(i).path("metrics"))) {
        diffs.add(ca.get(i).path("name").asText() + " metrics");
      }
    }
    if (!a.path("truncationProbes").equals(b.path("truncationProbes"))) {
      diffs.add("truncation probe");
    }
    return String.join(", ", diffs);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}

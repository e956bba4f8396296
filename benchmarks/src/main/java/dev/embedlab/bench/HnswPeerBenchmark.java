package dev.embedlab.bench;

import dev.embedlab.ann.AnnRetriever;
import dev.embedlab.ann.JVectorRetriever;
import dev.embedlab.ann.LatencyStats;
import dev.embedlab.ann.LuceneHnswRetriever;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.data.BeirDatasets;
import dev.embedlab.data.Document;
import dev.embedlab.data.Query;
import dev.embedlab.data.RetrievalDataset;
import dev.embedlab.eval.search.ExactSearch;
import dev.embedlab.models.CachingEmbedder;
import dev.embedlab.models.KnownModel;
import dev.embedlab.models.OnnxEmbedder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * HNSW side by side: embedlab's Lucene HNSW ({@code hnsw:}), embedlab's jvector graph
 * ({@code jvector:}) and FAISS {@code IndexHNSWFlat} ({@code benchmarks/python/faiss_hnsw.py}, only
 * when the given python can {@code import faiss}), on the same vectors in the same run, in
 * interleaved rounds (the order of the systems rotates each round). Per system and efSearch it prints
 * recall@k against exact search, p50/p95 per-query latency at {@code --threads} (default 1) and build
 * time, wall and process CPU (medians over the rounds), then for each recall target the fastest configuration of each
 * system reaching it and the ratio of its p50 to FAISS's ("equal recall").
 *
 * <p>Vectors: SciFact (BEIR test split, 5,183 documents, 300 queries) embedded with
 * all-MiniLM-L6-v2 through {@link CachingEmbedder} (only the first run pays for the model), or with
 * {@code --synthetic N} N clustered unit vectors (seeded: {@code --clusters} Gaussian centres, each
 * point its centre plus isotropic noise of norm about {@code --noise}, normalised) and
 * {@code --queries} queries drawn the same way. Java latencies are per query inside one batch
 * search ({@link AnnRetriever#lastLatency()}), after one warm-up pass at the largest efSearch; FAISS
 * searches each query alone after the same warm-up.
 *
 * <pre>
 * mvn -o -q -pl benchmarks -am compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -Xmx4g -cp benchmarks/target/classes:$(cat /tmp/cp.txt) dev.embedlab.bench.HnswPeerBenchmark \
 *     [--synthetic 100000 --dim 384 --queries 1000 --clusters 1000] [--rounds 3] [--M 16] [--efc 100] \
 *     [--ef 10,20,40,80,160] [--systems lucene,jvector,faiss] [--threads 1] [--k 10] [--alpha A] [--overflow O] \
 *     [--python /usr/bin/python3] [--script benchmarks/python/faiss_hnsw.py] [--dir target/hnsw-bench]
 * </pre>
 * Run from the repository root. On Java 20+ add {@code --add-modules jdk.incubator.vector} so that
 * jvector (and Lucene, where it supports the JVM) can use the Vector API; the header names the path taken.
 */
public final class HnswPeerBenchmark {
  private static final double[] TARGETS = {0.90, 0.95, 0.98, 0.99};

  private HnswPeerBenchmark() {}

  /** One measured configuration of one round ({@code ef}: the search effort, efSearch or nprobe). */
  record Point(String system, int ef, double recall, double p50, double p95, double buildSeconds,
      double buildCpuSeconds) {}

  public static void main(String[] args) throws Exception {
    PeerOptions o = new PeerOptions(args, Path.of("target/hnsw-bench"), Path.of("benchmarks/python/faiss_hnsw.py"),
        Set.of("--M", "--efc", "--ef", "--systems", "--alpha", "--overflow"));
    int m = o.ints("--M", 16)[0];
    int efc = o.ints("--efc", 100)[0];
    int[] efs = o.ints("--ef", 10, 20, 40, 80, 160);
    // jvector's pruning rule: the builder's defaults unless given
    List<String> alpha = o.list("--alpha");
    List<String> overflow = o.list("--overflow");
    JVectorRetriever.Builder jvector = JVectorRetriever.builder();
    if (!alpha.isEmpty()) {
      jvector.alpha(Float.parseFloat(alpha.get(0)));
    }
    if (!overflow.isEmpty()) {
      jvector.neighborOverflow(Float.parseFloat(overflow.get(0)));
    }
    List<String> systems = o.list("--systems", "lucene", "jvector", "faiss");
    for (String s : systems) {
      if (!Set.of("lucene", "jvector", "faiss").contains(s)) {
        throw new IllegalArgumentException("--systems takes lucene, jvector, faiss; found " + s);
      }
    }
    int k = o.k;
    int threads = o.threads;
    int rounds = o.rounds;
    Path dir = o.dir;
    String python = o.python;
    Path script = o.script;
    Files.createDirectories(dir);
    PeerVectors v = o.vectors();
    System.out.printf(Locale.ROOT, "%s: %d docs, %d queries, %d-d; k=%d, M=%d, efConstruction=%d, threads=%d, rounds=%d%n",
        v.what(), v.docs().length, v.queries().length, v.docs()[0].length, k, m, efc, threads, rounds);
    System.out.println(jvmLine());
    boolean faiss = systems.contains("faiss") && v.writeForFaiss(python, script, dir);
    List<String> order = new ArrayList<>(systems);
    if (!faiss) {
      order.remove("faiss");
    }
    Queries qs = Queries.ofVectors(v.queryIds(), v.queries());
    List<Point> points = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      List<String> rot = new ArrayList<>(order);
      java.util.Collections.rotate(rot, -round);
      for (String system : rot) {
        List<Point> got = system.equals("faiss")
            ? runFaiss(python, script, dir, "faiss", efs.length, List.of(Integer.toString(k), Integer.toString(m),
                Integer.toString(efc), joined(efs), Integer.toString(threads)))
            : runJava(system, jvector, v.docIds(), v.docs(), qs, v.truth(), k, m, efc, efs, threads);
        for (Point p : got) {
          System.out.printf(Locale.ROOT, "round %d  %-8s ef %4d  recall@%d %.4f  p50 %.4f ms  p95 %.4f ms  build %.2f s"
              + " (cpu %.2f s)%n", round + 1, p.system(), p.ef(), k, p.recall(), p.p50(), p.p95(), p.buildSeconds(),
              p.buildCpuSeconds());
        }
        points.addAll(got);
      }
    }
    summarise(points, order, efs, k, "faiss", "ef");
  }

  /** The JVM, whether the Vector API module is loaded, jvector's kernels, CPUs and the load average. */
  static String jvmLine() {
    return String.format(Locale.ROOT, "JVM %s %s; jdk.incubator.vector %s; jvector distances: %s; %d CPUs; load average %.2f",
        System.getProperty("java.vm.name"), System.getProperty("java.version"),
        ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? "loaded" : "not loaded",
        JVectorRetriever.vectorization(), Runtime.getRuntime().availableProcessors(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  static String joined(int[] values) {
    return Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(","));
  }

  private static List<Point> runJava(String system, JVectorRetriever.Builder jvector, String[] ids, float[][] docs, Queries qs, List<Set<String>> truth,
      int k, int m, int efc, int[] efs, int threads) throws Exception {
    long t0 = System.nanoTime();
    long c0 = processCpuNanos();
    AnnRetriever r = system.equals("lucene")
        ? LuceneHnswRetriever.builder().maxConn(m).beamWidth(efc).threads(threads).build(ids, docs)
        : jvector.maxConn(m).beamWidth(efc).threads(threads).build(ids, docs);
    double build = (System.nanoTime() - t0) / 1e9;
    double buildCpu = (processCpuNanos() - c0) / 1e9;
    List<Point> out = new ArrayList<>();
    try (r) {
      r.search(qs, k, Arrays.stream(efs).max().orElseThrow()); // warm-up
      for (int ef : efs) {
        List<Ranking> got = r.search(qs, k, ef);
        LatencyStats lat = r.lastLatency();
        out.add(new Point(system, ef, PeerVectors.recall(got, truth, k), lat.p50Millis(), lat.p95Millis(), build,
            buildCpu));
      }
    }
    return out;
  }

  static boolean faissAvailable(String python, Path script) {
    if (!Files.isRegularFile(script)) {
      return false;
    }
    try {
      Process p = new ProcessBuilder(python, "-c", "import faiss").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Runs one round of a FAISS peer script ({@code faiss_peer.run}'s protocol) on the .npy files in
   * {@code dir}, with {@code params} after the three file names; its RESULT lines become points of
   * {@code system}, and exactly {@code expected} of them must come.
   */
  static List<Point> runFaiss(String python, Path script, Path dir, String system, int expected, List<String> params)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of(python, script.toString(), dir.resolve("docs.npy").toString(),
        dir.resolve("queries.npy").toString(), dir.resolve("truth.npy").toString()));
    cmd.addAll(params);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    List<Point> out = new ArrayList<>();
    double build = Double.NaN;
    double buildCpu = Double.NaN;
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        lines.add(line);
        String[] f = line.split(" ");
        if (f[0].equals("INFO")) {
          System.out.println("faiss " + line);
        } else if (f[0].equals("BUILD")) {
          build = Double.parseDouble(f[1]);
          buildCpu = Double.parseDouble(f[2]);
        } else if (f[0].equals("RESULT")) {
          out.add(new Point(system, Integer.parseInt(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
              Double.parseDouble(f[4]), build, buildCpu));
        }
      }
    }
    int rc = p.waitFor();
    if (rc != 0 || out.size() != expected) {
      throw new IllegalStateException("expected " + expected + " RESULT lines and exit 0 from " + String.join(" ", cmd)
          + "; exit " + rc + ", output:\n" + String.join("\n", lines));
    }
    return out;
  }

  /**
   * Medians over the rounds per system and effort, then build and equal-recall p50 ratios of every
   * system to {@code reference} (when it ran); {@code label} names the effort column.
   */
  static void summarise(List<Point> points, List<String> systems, int[] efs, int k, String reference, String label) {
    System.out.printf(Locale.ROOT, "%n== medians over rounds ==%n%-9s %7s %10s %10s %10s %9s %9s%n", "system", label,
        "recall@" + k, "p50 ms", "p95 ms", "build s", "cpu s");
    Map<String, Point> median = new LinkedHashMap<>();
    for (String s : systems) {
      for (int ef : efs) {
        List<Point> ps = points.stream().filter(p -> p.system().equals(s) && p.ef() == ef).toList();
        Point md = new Point(s, ef, med(ps, Point::recall), med(ps, Point::p50), med(ps, Point::p95),
            med(ps, Point::buildSeconds), med(ps, Point::buildCpuSeconds));
        median.put(s + "/" + ef, md);
        System.out.printf(Locale.ROOT, "%-9s %7d %10.4f %10.4f %10.4f %9.2f %9.2f%n", s, ef, md.recall(), md.p50(),
            md.p95(), md.buildSeconds(), md.buildCpuSeconds());
      }
    }
    if (!systems.contains(reference)) {
      return;
    }
    Point faissBuild = median.get(reference + "/" + efs[0]);
    System.out.printf(Locale.ROOT, "%n== ratios to %s (>1: slower than %s) ==%n", reference, reference);
    for (String s : systems) {
      if (!s.equals(reference)) {
        Point b = median.get(s + "/" + efs[0]);
        System.out.printf(Locale.ROOT, "build %-8s %.2f s vs %s %.2f s: %.2fx; cpu %.2f s vs %.2f s: %.2fx%n", s,
            b.buildSeconds(), reference, faissBuild.buildSeconds(), b.buildSeconds() / faissBuild.buildSeconds(),
            b.buildCpuSeconds(), faissBuild.buildCpuSeconds(), b.buildCpuSeconds() / faissBuild.buildCpuSeconds());
      }
    }
    for (double target : TARGETS) {
      Point f = fastest(median, reference, efs, target);
      if (f == null) {
        System.out.printf(Locale.ROOT, "recall >= %.2f: %s does not reach it with these %s values%n", target, reference,
            label);
        continue;
      }
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
          "recall >= %.2f: %s %s %d p50 %.4f ms", target, reference, label, f.ef(), f.p50()));
      for (String s : systems) {
        if (s.equals(reference)) {
          continue;
        }
        Point p = fastest(median, s, efs, target);
        line.append(p == null ? String.format(Locale.ROOT, " | %s: not reached", s) : String.format(Locale.ROOT,
            " | %s %s %d p50 %.4f ms (recall %.4f) %.2fx", s, label, p.ef(), p.p50(), p.recall(), p.p50() / f.p50()));
      }
      System.out.println(line);
    }
  }

  /**
   * CPU time of the whole process (every thread: the build's workers, JIT and GC), the build cost
   * that a loaded machine does not inflate the way it inflates wall time.
   */
  static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
  }

  /** The configuration of {@code system} with the lowest median p50 among those reaching {@code target}. */
  private static Point fastest(Map<String, Point> median, String system, int[] efs, double target) {
    Point best = null;
    for (int ef : efs) {
      Point p = median.get(system + "/" + ef);
      if (p != null && p.recall() >= target && (best == null || p.p50() < best.p50())) {
        best = p;
      }
    }
    return best;
  }

  private static double med(List<Point> ps, java.util.function.ToDoubleFunction<Point> f) {
    double[] v = ps.stream().mapToDouble(f).sorted().toArray();
    return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}

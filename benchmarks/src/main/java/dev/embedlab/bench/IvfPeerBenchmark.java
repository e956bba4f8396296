package dev.embedlab.bench;

import dev.embedlab.ann.IvfRetriever;
import dev.embedlab.ann.LatencyStats;
import dev.embedlab.bench.HnswPeerBenchmark.Point;
import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * IVF-flat side by side: embedlab's {@link IvfRetriever} ({@code ivf:nlist=…}) and FAISS
 * {@code IndexIVFFlat} over an L2 coarse quantiser ({@code benchmarks/python/faiss_ivf.py}, only when
 * the given python can {@code import faiss}), on the same vectors in the same run, in interleaved
 * rounds (the order of the two alternates each round). Both train {@code nlist} centroids by k-means
 * on a seeded sample of at most 256 training vectors per centroid, with at most 10 Lloyd iterations
 * (embedlab from k-means++ over 16 sample rows per centroid, stopping early once at most 0.5% of the
 * sample changes list; FAISS from random centres) unless {@code --iterations} sets both caps; both assign documents and probe lists by L2 distance to the
 * centroids and score lists by inner product. Per system and nprobe it prints
 * recall@k against exact search, p50/p95 per-query latency at {@code --threads} (default 1) and
 * build (train and add) wall and process CPU time, medians over the rounds; then the build ratio and,
 * for each recall target, the fastest nprobe of each side reaching it and the ratio of the p50s
 * ("equal recall"). The vectors are {@link HnswPeerBenchmark}'s ({@link PeerVectors}): SciFact
 * all-MiniLM-L6-v2, or with {@code --synthetic N} seeded clustered unit vectors; the same
 * {@code .npy} files go to FAISS. Java latencies are per query inside one batch search
 * ({@link IvfRetriever#lastLatency()}), after one warm-up pass at the largest nprobe; FAISS searches
 * each query alone after the same warm-up.
 *
 * <pre>
 * mvn -o -q -pl benchmarks -am compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * OMP_NUM_THREADS=1 java -Xmx4g -cp benchmarks/target/classes:$(cat /tmp/cp.txt) dev.embedlab.bench.IvfPeerBenchmark \
 *     [--synthetic 100000 --dim 384 --queries 1000 --clusters 1000 --noise 0.8] [--nlist 64] \
 *     [--nprobe 1,2,4,8,16,32] [--iterations 0 (each side's default)] [--rounds 3] [--systems ivf,faiss] [--threads 1] [--k 10] \
 *     [--python /usr/bin/python3] [--script benchmarks/python/faiss_ivf.py] [--dir target/ivf-bench]
 * </pre>
 * Run from the repository root; {@code OMP_NUM_THREADS=1} keeps both BLAS users on one thread
 * (FAISS, and ND4J, which screens embedlab's k-means assignments when it is on the class path, as
 * here). On Java 20+ add {@code --add-modules jdk.incubator.vector}: the IVF
 * scan then takes jvector's SIMD kernel (see {@link IvfRetriever}); the header names the path taken.
 */
public final class IvfPeerBenchmark {
  private IvfPeerBenchmark() {}

  public static void main(String[] args) throws Exception {
    PeerOptions o = new PeerOptions(args, Path.of("target/ivf-bench"), Path.of("benchmarks/python/faiss_ivf.py"),
        Set.of("--nlist", "--iterations", "--nprobe", "--systems"));
    int nlist = o.ints("--nlist", 64)[0];
    int iterations = o.ints("--iterations", 0)[0];
    int[] nprobes = o.ints("--nprobe", 1, 2, 4, 8, 16, 32);
    List<String> systems = o.list("--systems", "ivf", "faiss");
    for (String s : systems) {
      if (!s.equals("ivf") && !s.equals("faiss")) {
        throw new IllegalArgumentException("--systems takes ivf, faiss; found " + s);
      }
    }
    Files.createDirectories(o.dir);
    PeerVectors v = o.vectors();
    System.out.printf(Locale.ROOT, "%s: %d docs, %d queries, %d-d; k=%d, nlist=%d, k-means iterations %s, threads=%d,"
        + " rounds=%d%n", v.what(), v.docs().length, v.queries().length, v.docs()[0].length, o.k, nlist,
        iterations > 0 ? iterations + " on both sides" : "each side's default (10 on both)", o.threads,
        o.rounds);
    System.out.println(HnswPeerBenchmark.jvmLine() + "; IVF scan kernel: " + IvfRetriever.scanKernel());
    List<String> order = new ArrayList<>(systems);
    if (systems.contains("faiss") && !v.writeForFaiss(o.python, o.script, o.dir)) {
      order.remove("faiss");
    }
    Queries qs = Queries.ofVectors(v.queryIds(), v.queries());
    List<Point> points = new ArrayList<>();
    for (int round = 0; round < o.rounds; round++) {
      List<String> rot = new ArrayList<>(order);
      Collections.rotate(rot, -round);
      for (String system : rot) {
        List<Point> got = system.equals("faiss")
            ? HnswPeerBenchmark.runFaiss(o.python, o.script, o.dir, "faiss", nprobes.length, List.of(Integer.toString(o.k),
                Integer.toString(nlist), HnswPeerBenchmark.joined(nprobes), Integer.toString(o.threads),
                Integer.toString(iterations)))
            : runIvf(v, qs, o.k, nlist, iterations, nprobes, o.threads);
        for (Point p : got) {
          System.out.printf(Locale.ROOT, "round %d  %-6s nprobe %4d  recall@%d %.4f  p50 %.4f ms  p95 %.4f ms"
              + "  build %.2f s (cpu %.2f s)%n", round + 1, p.system(), p.ef(), o.k, p.recall(), p.p50(), p.p95(),
              p.buildSeconds(), p.buildCpuSeconds());
        }
        points.addAll(got);
      }
    }
    HnswPeerBenchmark.summarise(points, order, nprobes, o.k, "faiss", "nprobe");
  }

  private static List<Point> runIvf(PeerVectors v, Queries qs, int k, int nlist, int iterations, int[] nprobes,
      int threads) {
    long t0 = System.nanoTime();
    long c0 = HnswPeerBenchmark.processCpuNanos();
    IvfRetriever.Builder b = IvfRetriever.builder().nlist(nlist).nprobe(nprobes[0]).threads(threads);
    if (iterations > 0) {
      b.iterations(iterations);
    }
    IvfRetriever r = b.build(v.docIds(), v.docs());
    double build = (System.nanoTime() - t0) / 1e9;
    double buildCpu = (HnswPeerBenchmark.processCpuNanos() - c0) / 1e9;
    List<Point> out = new ArrayList<>();
    r.search(qs, k, Arrays.stream(nprobes).max().orElseThrow()); // warm-up
    for (int np : nprobes) {
      List<Ranking> got = r.search(qs, k, np);
      LatencyStats lat = r.lastLatency();
      out.add(new Point("ivf", np, PeerVectors.recall(got, v.truth(), k), lat.p50Millis(), lat.p95Millis(), build,
          buildCpu));
    }
    return out;
  }
}

package dev.embedlab.bench;

import dev.embedlab.bakeoff.tune.AnnTuner;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.VectorUtil;
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
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * ANN tuning on SciFact (BEIR test split: 5,183 abstracts, 300 queries with qrels), all-MiniLM-L6-v2
 * vectors: the {@link AnnTuner} table for Lucene HNSW (M × efSearch, float32 and 7-bit scalar
 * quantised) and for IVF (nlist × nprobe, flat and PQ), the Pareto front, the cheapest configuration
 * keeping 99% of exact nDCG@10 and its loss split (compression vs approximation); then FAISS's
 * {@code IndexHNSWFlat} and {@code IndexIVFFlat} on the same vectors with matched parameters
 * ({@code benchmarks/python/faiss_ann.py}), recall@10 against exact search vs per-query latency.
 *
 * <p>Embeddings go through {@link CachingEmbedder} into {@code --cache} (default
 * {@code target/ann-bench/embeddings}), so only the first run pays for the model (about 3 minutes on
 * two cores). Vectors and the exact top-k are written as {@code .npy} for the FAISS script. One
 * search thread on both sides; latencies are per query, after a warm-up of 50 queries.
 *
 * <pre>
 * mvn -o -q -pl benchmarks -am compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * OMP_NUM_THREADS=1 java -Xmx4g -cp benchmarks/target/classes:$(cat /tmp/cp.txt) \
 *     dev.embedlab.bench.AnnTuningBenchmark [--shared ../shared] [--dir target/ann-bench] [--cache DIR] \
 *     [--model ALL_MINILM_L6_V2] [--threads 1] [--k 10] [--python /usr/bin/python3] [--script benchmarks/python/faiss_ann.py] [--quick]
 * </pre>
 * (run from the repository root; FAISS is Debian's {@code python3-faiss}, hence {@code /usr/bin/python3}).
 */
public final class AnnTuningBenchmark {
  private AnnTuningBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path shared = Path.of("../shared");
    Path dir = Path.of("target/ann-bench");
    Path cache = null;
    KnownModel model = KnownModel.ALL_MINILM_L6_V2;
    int threads = 1;
    int k = 10;
    boolean quick = false;
    String python = "/usr/bin/python3";
    Path script = Path.of("benchmarks/python/faiss_ann.py");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--shared" -> shared = Path.of(args[++i]);
        case "--dir" -> dir = Path.of(args[++i]);
        case "--cache" -> cache = Path.of(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--model" -> model = KnownModel.valueOf(args[++i]);
        case "--k" -> k = Integer.parseInt(args[++i]);
        case "--python" -> python = args[++i];
        case "--script" -> script = Path.of(args[++i]);
        case "--quick" -> quick = true;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (cache == null) {
      cache = dir.resolve("embeddings");
    }
    Files.createDirectories(dir);
    RetrievalDataset data = BeirDatasets.load(shared.resolve("data").resolve("scifact"), "test");
    long t0 = System.nanoTime();
    float[][] docs;
    float[][] queries;
    try (Embedder e = CachingEmbedder.wrap(OnnxEmbedder.builder(model).build(), cache)) {
      docs = e.embed(data.corpus().stream().map(Document::titleAndText).toList(), Role.DOCUMENT);
      queries = e.embed(data.queries().stream().map(Query::text).toList(), Role.QUERY);
    }
    for (float[] v : docs) {
      if (Math.abs(VectorUtil.norm(v) - 1) > 1e-3) {
        throw new IllegalStateException("expected unit vectors from " + model.id() + "; norm=" + VectorUtil.norm(v));
      }
    }
    String[] docIds = data.corpus().stream().map(Document::id).toArray(String[]::new);
    String[] queryIds = data.queries().stream().map(Query::id).toArray(String[]::new);
    System.out.printf(Locale.ROOT, "SciFact test: %d docs, %d queries, %d-d %s (embedded or read from"
        + " cache in %.1f s); %s %s; search threads %d%n", docs.length, queries.length, docs[0].length, model.id(),
        (System.nanoTime() - t0) / 1e9, System.getProperty("java.vm.name"), System.getProperty("java.version"), threads);

    // exact top-k for the FAISS side (indices into docs)
    java.util.List<dev.embedlab.core.retrieval.Ranking> exact =
        ExactSearch.builder().k(k).build().search(queries, queryIds, docs, docIds);
    java.util.Map<String, Long> position = new java.util.HashMap<>();
    for (int i = 0; i < docIds.length; i++) {
      position.put(docIds[i], (long) i);
    }
    long[][] truth = new long[queries.length][];
    for (int q = 0; q < queries.length; q++) {
      truth[q] = exact.get(q).docIds().stream().mapToLong(position::get).toArray();
    }
    CompressionFaissBenchmark.writeNpy(dir.resolve("docs.npy"), docs);
    CompressionFaissBenchmark.writeNpy(dir.resolve("queries.npy"), queries);
    CompressionFaissBenchmark.writeNpyLong(dir.resolve("truth.npy"), truth);

    int[] ms = quick ? new int[] {16} : new int[] {8, 16, 32};
    int beam = 100;
    int[] efs = quick ? new int[] {10, 40, 160} : new int[] {10, 20, 40, 80, 160};
    int[] nlists = quick ? new int[] {64} : new int[] {32, 64, 128};
    int[] nprobes = quick ? new int[] {1, 4, 16} : new int[] {1, 2, 4, 8, 16, 32};
    AnnTuner.Data d = new AnnTuner.Data("SciFact test", docIds, docs, queryIds, queries, data.qrels());
    AnnTuner tuner = AnnTuner.builder().k(k).threads(threads).targetFraction(0.99).build();

    List<AnnTuner.Config> hnsw = AnnTuner.hnswGrid(ms, new int[] {beam}, efs, false, true);
    long h0 = System.nanoTime();
    AnnTuner.Result hr = tuner.tune(d, hnsw);
    System.out.printf(Locale.ROOT, "%n== Lucene HNSW (one segment, rescored with float32; %.0f s) ==%n",
        (System.nanoTime() - h0) / 1e9);
    System.out.print(hr.table());

    List<AnnTuner.Config> ivf = new ArrayList<>(AnnTuner.ivfGrid(nlists, nprobes, new int[] {0, 48}, 8, 0));
    for (int nl : nlists) {
      for (int np : nprobes) {
        if (np <= nl && np >= 4) {
          ivf.add(new AnnTuner.Ivf(nl, np, 48, 8, 100));
        }
      }
    }
    long i0 = System.nanoTime();
    AnnTuner.Result ir = tuner.tune(d, ivf);
    System.out.printf(Locale.ROOT, "%n== IVF (flat and residual PQ m=48 x 8 bits; %.0f s) ==%n", (System.nanoTime() - i0) / 1e9);
    System.out.print(ir.table());

    List<AnnTuner.Point> all = new ArrayList<>(hr.points());
    all.addAll(ir.points());
    System.out.printf(Locale.ROOT, "%nPareto front over both families (nDCG@10 up, p50 down, memory down):%n");
    for (AnnTuner.Point p : AnnTuner.paretoFront(all)) {
      System.out.printf(Locale.ROOT, "  %-44s nDCG@10 %.4f  p50 %.3f ms  %.2f MiB%n", p.config().label(), p.ndcg10(),
          p.latency().p50Millis(), p.memoryBytes() / (1024.0 * 1024.0));
    }
    for (AnnTuner.Cost c : AnnTuner.Cost.values()) {
      AnnTuner.cheapest(all, hr.target(), c).ifPresentOrElse(p -> System.out.printf(Locale.ROOT,
          "cheapest by %s keeping >= 99%% of exact nDCG@10 (%.4f): %s nDCG@10 %.4f, p50 %.3f ms, %.2f MiB;"
              + " loss %.4f = compression %.4f + approximation %.4f%n", c, hr.target(), p.config().label(), p.ndcg10(),
          p.latency().p50Millis(), p.memoryBytes() / (1024.0 * 1024.0), p.totalLoss(), p.compressionLoss(),
          p.approximationLoss()), () -> System.out.println("no configuration keeps 99% of exact nDCG@10"));
    }

    if (Files.isRegularFile(script)) {
      String csv = Arrays.stream(ms).mapToObj(Integer::toString).collect(Collectors.joining(","));
      List<String> cmd = List.of(python, script.toString(), dir.resolve("docs.npy").toString(),
          dir.resolve("queries.npy").toString(), dir.resolve("truth.npy").toString(), Integer.toString(k),
          Integer.toString(threads), csv, Integer.toString(beam),
          Arrays.stream(efs).mapToObj(Integer::toString).collect(Collectors.joining(",")),
          Arrays.stream(nlists).mapToObj(Integer::toString).collect(Collectors.joining(",")),
          Arrays.stream(nprobes).mapToObj(Integer::toString).collect(Collectors.joining(",")));
      System.out.printf(Locale.ROOT, "%n== FAISS on the same vectors: %s ==%n", String.join(" ", cmd));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          System.out.println(line);
        }
      }
      System.out.println("faiss_ann.py exit " + p.waitFor());
    } else {
      System.out.println("FAISS comparison skipped: no script at " + script.toAbsolutePath());
    }
  }
}

package dev.embedlab.bench;

import dev.embedlab.compress.CompressedIndex;
import dev.embedlab.compress.PcaCompressor;
import dev.embedlab.compress.ProductQuantizer;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.data.BeirDatasets;
import dev.embedlab.data.Document;
import dev.embedlab.data.Query;
import dev.embedlab.data.RetrievalDataset;
import dev.embedlab.models.CachingEmbedder;
import dev.embedlab.models.KnownModel;
import dev.embedlab.models.OnnxEmbedder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Product quantisation and PCA against FAISS {@code IndexPQ} and scikit-learn {@code PCA}, on the
 * same vectors with the same thread count, in one run.
 *
 * <p>Vectors: all-MiniLM-L6-v2 embeddings of SciFact (5,183 abstracts, 300 test queries), read through
 * {@link CachingEmbedder} from the shared cache (so the model is not what is timed). Steps:
 * <ol>
 *   <li>exact top-k by float32 inner product (the truth for recall), written as {@code .npy} with the
 *       vectors;</li>
 *   <li>embedlab {@link ProductQuantizer} with {@code m} sub-spaces × {@code bits}: train + encode all
 *       documents (one timing, as FAISS's {@code train + add}), then ADC search of all queries
 *       ({@link CompressedIndex#search(float[][], String[], int, CompressedIndex.Rescoring, int)}); recall@k against the truth;</li>
 *   <li>embedlab {@link PcaCompressor#fit} on {@code pcaRows × d}: the corpus vectors repeated
 *       (tiled) to {@code pcaRows} rows — repeated embeddings, not synthetic;</li>
 *   <li>{@code benchmarks/python/compression_faiss.py} does the same with FAISS (inner-product
 *       {@code IndexPQ}, its defaults: 25 k-means iterations, ≤256 points per centroid) and
 *       scikit-learn ({@code PCA(n_components)} with the default {@code svd_solver="auto"} and with
 *       {@code "full"}).</li>
 * </ol>
 * Times are wall-clock minima over {@code --repeat} runs after one warm-up (JIT, ND4J start-up);
 * within each run the search of all queries is repeated {@value #SEARCH_REPEAT} times on both sides.
 *
 * <pre>
 * OMP_NUM_THREADS=2 java -cp ... dev.embedlab.bench.CompressionFaissBenchmark \
 *     [--m 48] [--bits 8] [--k 10] [--threads 2] [--repeat 3] [--pca-rows 100000] [--pca-k 128] \
 *     [--shared ../shared] [--cache ~/.cache/embedlab/embeddings] [--dir target/compression-bench] \
 *     [--python /usr/bin/python3] [--script benchmarks/python/compression_faiss.py]
 * </pre>
 */
public final class CompressionFaissBenchmark {
  private CompressionFaissBenchmark() {}

  /** Searches per trained index (both sides); the minimum is reported. */
  static final int SEARCH_REPEAT = 5;

  public static void main(String[] args) throws Exception {
    int m = 48;
    int bits = 8;
    int k = 10;
    int threads = 2;
    int repeat = 3;
    int pcaRows = 100_000;
    int pcaK = 128;
    Path shared = Path.of("../shared");
    Path cache = Path.of(System.getProperty("embedlab.cache", System.getProperty("user.home") + "/.cache/embedlab/embeddings"));
    Path dir = Path.of("target/compression-bench");
    String python = "/usr/bin/python3";
    Path script = Path.of("benchmarks/python/compression_faiss.py");
    for (int i = 0; i < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--m" -> m = Integer.parseInt(v);
        case "--bits" -> bits = Integer.parseInt(v);
        case "--k" -> k = Integer.parseInt(v);
        case "--threads" -> threads = Integer.parseInt(v);
        case "--repeat" -> repeat = Integer.parseInt(v);
        case "--pca-rows" -> pcaRows = Integer.parseInt(v);
        case "--pca-k" -> pcaK = Integer.parseInt(v);
        case "--shared" -> shared = Path.of(v);
        case "--cache" -> cache = Path.of(v);
        case "--dir" -> dir = Path.of(v);
        case "--python" -> python = v;
        case "--script" -> script = Path.of(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Files.createDirectories(dir);
    Path folder = shared.resolve("data").resolve("scifact");
    RetrievalDataset data = BeirDatasets.load(folder, "test");
    float[][] docs;
    float[][] queries;
    try (Embedder e = CachingEmbedder.wrap(OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2).build(), cache)) {
      docs = e.embed(data.corpus().stream().map(Document::titleAndText).toList(), Role.DOCUMENT);
      queries = e.embed(data.queries().stream().map(Query::text).toList(), Role.QUERY);
    }
    int dim = docs[0].length;
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < docs.length; i++) {
      ids.add(Integer.toString(i));
    }
    long[][] truth = new long[queries.length][];
    for (int q = 0; q < queries.length; q++) {
      dev.embedlab.core.retrieval.Ranking hits =
          CompressedIndex.exactSearch(ids, docs, queries[q], k, dev.embedlab.core.retrieval.Similarity.DOT_PRODUCT);
      truth[q] = hits.docIds().stream().mapToLong(Long::parseLong).toArray(); // ids are positions
    }
    writeNpy(dir.resolve("docs.npy"), docs);
    writeNpy(dir.resolve("queries.npy"), queries);
    writeNpyLong(dir.resolve("truth.npy"), truth);
    float[][] pcaData = new float[pcaRows][];
    for (int i = 0; i < pcaRows; i++) {
      pcaData[i] = docs[i % docs.length];
    }
    Path pcaPath = dir.resolve("pca.npy");
    if (pcaRows > 0) {
      writeNpy(pcaPath, pcaData);
    }
    System.out.printf(Locale.ROOT, "vectors: %d docs, %d queries, %d-d; PQ m=%d bits=%d; k=%d; threads=%d; "
        + "PCA %d x %d -> %d (corpus repeated); %s %s%n", docs.length, queries.length, dim, m, bits, k,
        threads, pcaRows, dim, pcaK, System.getProperty("java.vm.name"), System.getProperty("java.version"));

    // warm-up: JIT and ND4J start-up are not part of the comparison
    ProductQuantizer warm = ProductQuantizer.builder(dim).subspaces(m).bits(bits).iterations(3).threads(threads).build();
    warm.fit(docs);
    CompressedIndex.builder(warm).vectors(ids, docs).build().search(queries, queryIds(queries.length), k, CompressedIndex.Rescoring.none(), threads);
    new PcaCompressor(dim, Math.min(pcaK, dim), false).fit(Arrays.copyOf(docs, docs.length));

    double bestTrain = Double.MAX_VALUE;
    double bestSearch = Double.MAX_VALUE;
    double recall = 0;
    for (int r = 0; r < repeat; r++) {
      long t0 = System.nanoTime();
      ProductQuantizer pq = ProductQuantizer.builder(dim).subspaces(m).bits(bits).seed(42 + r).threads(threads).build();
      pq.fit(docs);
      CompressedIndex index = CompressedIndex.builder(pq).vectors(ids, docs).build();
      long t1 = System.nanoTime();
      double search = Double.MAX_VALUE;
      List<dev.embedlab.core.retrieval.Ranking> res = null;
      for (int s = 0; s < SEARCH_REPEAT; s++) {
        long s0 = System.nanoTime();
        res = index.search(queries, queryIds(queries.length), k, CompressedIndex.Rescoring.none(), threads);
        search = Math.min(search, (System.nanoTime() - s0) / 1e9);
      }
      bestTrain = Math.min(bestTrain, (t1 - t0) / 1e9);
      bestSearch = Math.min(bestSearch, search);
      recall = recall(res, truth, k);
      System.out.printf(Locale.ROOT, "  embedlab PQ run %d: train+encode %.3f s, search %.4f s (min of %d), recall@%d %.4f%n",
          r, (t1 - t0) / 1e9, search, SEARCH_REPEAT, k, recall);
    }
    double bestPca = Double.MAX_VALUE;
    double[] ratio = null;
    if (pcaRows > 0) {
      for (int r = 0; r < repeat; r++) {
        long t0 = System.nanoTime();
        PcaCompressor p = new PcaCompressor(dim, pcaK, false);
        p.fit(pcaData);
        bestPca = Math.min(bestPca, (System.nanoTime() - t0) / 1e9);
        ratio = p.explainedVarianceRatio();
      }
    }
    List<String> cmd = List.of(python, script.toString(), dir.resolve("docs.npy").toString(),
        dir.resolve("queries.npy").toString(), dir.resolve("truth.npy").toString(), Integer.toString(m),
        Integer.toString(bits), Integer.toString(k), Integer.toString(threads), Integer.toString(repeat),
        pcaRows > 0 ? pcaPath.toString() : "", Integer.toString(pcaK));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    int rc = p.waitFor();
    System.out.println("python: " + out);
    if (rc != 0) {
      throw new IllegalStateException("python peer failed with exit code " + rc);
    }
    String json = out.lines().reduce((a, b) -> b).orElse("{}");
    double faissTrain = min(json, "pq_train_add_s");
    double faissSearch = min(json, "pq_search_s");
    double faissRecall = first(json, "pq_recall");
    System.out.printf(Locale.ROOT, "%n| | embedlab | FAISS IndexPQ | ratio |%n|---|---:|---:|---:|%n");
    System.out.printf(Locale.ROOT, "| PQ m=%d bits=%d train+encode (s) | %.3f | %.3f | %.2f× |%n", m, bits,
        bestTrain, faissTrain, bestTrain / faissTrain);
    System.out.printf(Locale.ROOT, "| search %d queries × %d docs (s) | %.4f | %.4f | %.2f× |%n",
        queries.length, docs.length, bestSearch, faissSearch, bestSearch / faissSearch);
    System.out.printf(Locale.ROOT, "| recall@%d vs exact | %.4f | %.4f | %+.4f |%n", k, recall, faissRecall,
        recall - faissRecall);
    if (pcaRows > 0) {
      double auto = min(json, "pca_auto_s");
      double full = min(json, "pca_full_s");
      double sum = 0;
      for (double v : ratio) {
        sum += v;
      }
      System.out.printf(Locale.ROOT, "| PCA fit %d×%d → %d (s) | %.3f | sklearn auto %.3f / full %.3f | %.2f× / %.2f× |%n",
          pcaRows, dim, pcaK, bestPca, auto, full, bestPca / auto, bestPca / full);
      System.out.printf(Locale.ROOT, "| explained variance ratio sum | %.6f | %s (full) | |%n", sum,
          field(json, "pca_full_ratio_sum"));
    }
  }

  static String[] queryIds(int n) {
    String[] q = new String[n];
    for (int i = 0; i < n; i++) {
      q[i] = "q" + i;
    }
    return q;
  }

  /** Recall of rankings whose ids are corpus positions as decimal strings (see {@code ids}). */
  static double recall(List<dev.embedlab.core.retrieval.Ranking> res, long[][] truth, int k) {
    long hit = 0;
    for (int q = 0; q < truth.length; q++) {
      Set<Long> t = new HashSet<>();
      for (long v : truth[q]) {
        t.add(v);
      }
      for (String id : res.get(q).docIds()) {
        if (t.contains(Long.parseLong(id))) {
          hit++;
        }
      }
    }
    return hit / (double) (k * truth.length);
  }

  static String field(String json, String key) {
    int i = json.indexOf("\"" + key + "\"");
    if (i < 0) {
      throw new IllegalStateException("python output lacks " + key + ": " + json);
    }
    int start = json.indexOf(':', i) + 1;
    int depth = 0;
    int j = start;
    for (; j < json.length(); j++) {
      char c = json.charAt(j);
      if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth--;
      } else if ((c == ',' || c == '}') && depth == 0) {
        break;
      }
    }
    return json.substring(start, j).trim();
  }

  static double[] numbers(String json, String key) {
    String v = field(json, key).replace("[", "").replace("]", "");
    return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .mapToDouble(Double::parseDouble).toArray();
  }

  static double min(String json, String key) {
    return Arrays.stream(numbers(json, key)).min().orElseThrow();
  }

  static double first(String json, String key) {
    return numbers(json, key)[0];
  }

  static void writeNpy(Path file, float[][] rows) throws IOException {
    int n = rows.length;
    int d = n == 0 ? 0 : rows[0].length;
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      writeHeader(out, "<f4", n, d);
      ByteBuffer buf = ByteBuffer.allocate(4 * d).order(ByteOrder.LITTLE_ENDIAN);
      for (float[] r : rows) {
        buf.clear();
        buf.asFloatBuffer().put(r);
        out.write(buf.array(), 0, 4 * d);
      }
    }
  }

  static void writeNpyLong(Path file, long[][] rows) throws IOException {
    int n = rows.length;
    int d = rows[0].length;
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file))) {
      writeHeader(out, "<i8", n, d);
      ByteBuffer buf = ByteBuffer.allocate(8 * d).order(ByteOrder.LITTLE_ENDIAN);
      for (long[] r : rows) {
        buf.clear();
        buf.asLongBuffer().put(r);
        out.write(buf.array(), 0, 8 * d);
      }
    }
  }

  /** NPY format 1.0: magic, version, little-endian header length, dict padded to 64 bytes with '\n'. */
  private static void writeHeader(OutputStream out, String descr, int n, int d) throws IOException {
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + n + ", " + d + "), }";
    int total = 10 + dict.length() + 1;
    int pad = (64 - total % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    int len = header.length();
    out.write(new byte[] {(byte) len, (byte) (len >>> 8)});
    out.write(header.getBytes(StandardCharsets.US_ASCII));
  }
}

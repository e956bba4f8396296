package dev.embedlab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.eval.search.ExactSearch;
import dev.embedlab.eval.search.ScoreBackend;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Exact top-k search, embedlab {@link ExactSearch} (ND4J/OpenBLAS) against FAISS
 * {@code IndexFlatIP} (Debian {@code python3-faiss}) on the same vectors, in one run.
 *
 * <p>Generates {@code queries × docs} seeded Gaussian vectors normalised to unit length, writes them
 * as {@code .npy}, times embedlab's search (after one warm-up: ND4J's first start costs seconds),
 * then runs {@code benchmarks/python/faiss_flat_ip.py} with the same thread count, and checks that
 * both return the same top-k set for every query. Times are wall-clock minima over {@code --repeat}
 * interleaved runs. The compared time is a search of the corpus as each library holds it: embedlab's
 * {@link ExactSearch#retriever} (documents checked once, copied to native blocks by its first
 * search) and FAISS's {@code index.search} (its {@code add} is printed apart, as is the retriever's
 * first search). The one-off {@link ExactSearch#search} over arrays, which checks and copies the
 * corpus on every call, is printed too.
 *
 * <pre>
 * java -cp ... dev.embedlab.bench.ExactSearchBenchmark \
 *     [--queries 1000] [--docs 100000] [--dim 384] [--k 10] [--threads 2] [--repeat 3] [--seed 42] \
 *     [--dir target/exact-search-bench] [--python /usr/bin/python3] [--script benchmarks/python/faiss_flat_ip.py]
 * </pre>
 * Set {@code OMP_NUM_THREADS} to the same thread count so OpenBLAS inside ND4J uses it too.
 */
public final class ExactSearchBenchmark {
  private ExactSearchBenchmark() {}

  public static void main(String[] args) throws Exception {
    int nq = 1000;
    int nd = 100_000;
    int dim = 384;
    int k = 10;
    int threads = 2;
    int repeat = 3;
    long seed = 42;
    Path dir = Path.of("target/exact-search-bench");
    String python = "/usr/bin/python3";
    Path script = Path.of("benchmarks/python/faiss_flat_ip.py");
    int queryBlock = ExactSearch.DEFAULT_QUERY_BLOCK;
    int docBlock = ExactSearch.DEFAULT_DOC_BLOCK;
    for (int i = 0; i < args.length; i += 2) {
      String v = i + 1 < args.length ? args[i + 1] : null;
      if (v == null) {
        throw new IllegalArgumentException("missing value after " + args[i]);
      }
      switch (args[i]) {
        case "--queries" -> nq = Integer.parseInt(v);
        case "--docs" -> nd = Integer.parseInt(v);
        case "--dim" -> dim = Integer.parseInt(v);
        case "--k" -> k = Integer.parseInt(v);
        case "--threads" -> threads = Integer.parseInt(v);
        case "--repeat" -> repeat = Integer.parseInt(v);
        case "--seed" -> seed = Long.parseLong(v);
        case "--dir" -> dir = Path.of(v);
        case "--python" -> python = v;
        case "--script" -> script = Path.of(v);
        case "--query-block" -> queryBlock = Integer.parseInt(v);
        case "--doc-block" -> docBlock = Integer.parseInt(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Files.createDirectories(dir);
    System.out.printf("exact search: %,d queries x %,d docs x %d dims, top-%d, %d threads, seed %d%n",
        nq, nd, dim, k, threads, seed);
    System.out.printf("JVM %s %s; OS %s %s; %d cores%n", System.getProperty("java.vm.name"),
        System.getProperty("java.version"), System.getProperty("os.name"),
        System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors());

    Random rnd = new Random(seed);
    float[][] docs = unitGaussian(rnd, nd, dim);
    float[][] queries = unitGaussian(rnd, nq, dim);
    Path qFile = dir.resolve("queries.npy");
    Path dFile = dir.resolve("docs.npy");
    writeNpy(qFile, queries);
    writeNpy(dFile, docs);
    String[] docIds = new String[nd];
    for (int i = 0; i < nd; i++) {
      docIds[i] = Integer.toString(i);
    }
    String[] queryIds = new String[nq];
    for (int i = 0; i < nq; i++) {
      queryIds[i] = "q" + i;
    }

    ExactSearch search = ExactSearch.builder().k(k).threads(threads).backend(ScoreBackend.BLAS)
        .queryBlockSize(queryBlock).docBlockSize(docBlock).build();
    long w0 = System.nanoTime();
    search.search(queries, queryIds, docs, docIds); // warm-up: ND4J start, JIT
    System.out.printf("embedlab warm-up (ND4J start + first search): %.2f s%n", (System.nanoTime() - w0) / 1e9);
    Queries qs = Queries.ofVectors(queryIds, queries);
    Retriever held = search.retriever(docIds, docs);
    long h0 = System.nanoTime();
    held.search(qs, k);
    double heldFirst = (System.nanoTime() - h0) / 1e9;
    // Interleaved repeats (embedlab, FAISS, embedlab, FAISS, ...) so both sides see the same
    // machine load; each FAISS repeat is a fresh python process whose start and .npy load are not timed.
    List<Double> ours = new ArrayList<>();
    List<Double> oneOff = new ArrayList<>();
    List<Double> theirs = new ArrayList<>();
    List<Double> theirsAdd = new ArrayList<>();
    List<dev.embedlab.core.retrieval.Ranking> res = null;
    Path idsOut = dir.resolve("faiss_ids.npy");
    String faissVersion = "?";
    for (int r = 0; r < repeat; r++) {
      long t0 = System.nanoTime();
      res = held.search(qs, k);
      ours.add((System.nanoTime() - t0) / 1e9);
      long t1 = System.nanoTime();
      List<dev.embedlab.core.retrieval.Ranking> again = search.search(queries, queryIds, docs, docIds);
      oneOff.add((System.nanoTime() - t1) / 1e9);
      if (!again.equals(res)) {
        throw new IllegalStateException("the retriever and the one-off search disagree");
      }
      JsonNode faiss = runFaiss(python, script, qFile, dFile, k, threads, idsOut);
      theirs.add(faiss.get("search_s").get(0).asDouble());
      theirsAdd.add(faiss.get("add_s").get(0).asDouble());
      faissVersion = faiss.get("faiss").asText() + " on " + faiss.path("blas").asText("?");
    }
    double faissSearch = theirs.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    double faissAdd = theirsAdd.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    long[][] faissIds = readNpyInt64(idsOut, nq, k);

    int sameSet = 0;
    int sameOrder = 0;
    for (int q = 0; q < nq; q++) {
      int[] mine = res.get(q).docIds().stream().mapToInt(Integer::parseInt).toArray(); // ids are positions
      Set<Long> a = new HashSet<>();
      for (int d : mine) {
        a.add((long) d);
      }
      Set<Long> b = new HashSet<>();
      for (long d : faissIds[q]) {
        b.add(d);
      }
      if (a.equals(b)) {
        sameSet++;
      }
      if (Arrays.equals(Arrays.stream(mine).asLongStream().toArray(), faissIds[q])) {
        sameOrder++;
      }
    }
    double best = ours.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    held.close();
    System.out.printf("embedlab ExactSearch retriever (ND4J sgemm, blocks %dx%d): min %.3f s over %s"
        + " (first search, copying the corpus to native blocks: %.3f s)%n",
        queryBlock, docBlock, best, fmt(ours), heldFirst);
    System.out.printf("embedlab ExactSearch.search over arrays (checks and copies the corpus per call): min %.3f s over %s%n",
        oneOff.stream().mapToDouble(Double::doubleValue).min().orElseThrow(), fmt(oneOff));
    System.out.printf("FAISS %s IndexFlatIP search:              min %.3f s over %s (add %.3f s)%n",
        faissVersion, faissSearch, fmt(theirs), faissAdd);
    System.out.printf("ratio embedlab / FAISS search: %.2fx   (vs add+search: %.2fx)%n",
        best / faissSearch, best / (faissSearch + faissAdd));
    System.out.printf("identical top-%d sets: %d / %d queries; identical order: %d / %d%n",
        k, sameSet, nq, sameOrder, nq);
    if (sameSet != nq) {
      System.out.println("WARNING: top-k sets differ (float summation order near the k-th score?)");
    }
  }

  private static JsonNode runFaiss(String python, Path script, Path qFile, Path dFile, int k,
      int threads, Path idsOut) throws IOException, InterruptedException {
    List<String> cmd = List.of(python, script.toString(), qFile.toString(), dFile.toString(),
        Integer.toString(k), Integer.toString(threads), "1", idsOut.toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
    pb.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (p.waitFor() != 0) {
      throw new IOException("FAISS script failed (exit " + p.exitValue() + "): " + cmd + "\n" + out);
    }
    return new ObjectMapper().readTree(out.substring(out.lastIndexOf('\n') + 1));
  }

  private static String fmt(List<Double> xs) {
    StringBuilder sb = new StringBuilder("[");
    for (double x : xs) {
      sb.append(sb.length() > 1 ? ", " : "").append(String.format("%.3f", x));
    }
    return sb.append(']').toString();
  }

  /** Seeded standard-normal rows scaled to unit length (norm accumulated in double). */
  static float[][] unitGaussian(Random rnd, int n, int dim) {
    float[][] v = new float[n][dim];
    for (float[] row : v) {
      double norm = 0;
      for (int i = 0; i < dim; i++) {
        row[i] = (float) rnd.nextGaussian();
        norm += (double) row[i] * row[i];
      }
      float inv = (float) (1.0 / Math.sqrt(norm));
      for (int i = 0; i < dim; i++) {
        row[i] *= inv;
      }
    }
    return v;
  }

  /** Writes a C-order little-endian float32 {@code .npy} (format 1.0). */
  static void writeNpy(Path file, float[][] rows) throws IOException {
    int dim = rows.length == 0 ? 0 : rows[0].length;
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows.length + ", " + dim + "), }";
    int unpadded = 10 + dict.length() + 1;
    int pad = (64 - unpadded % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    try (OutputStream os = Files.newOutputStream(file)) {
      ByteBuffer pre = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
      pre.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
      pre.putShort((short) header.length());
      os.write(pre.array());
      os.write(header.getBytes(StandardCharsets.US_ASCII));
      ByteBuffer row = ByteBuffer.allocate(dim * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (float[] r : rows) {
        row.clear();
        row.asFloatBuffer().put(r);
        os.write(row.array());
      }
    }
  }

  /** Reads an int64 {@code .npy} of the expected shape (header parsed only for its length). */
  static long[][] readNpyInt64(Path file, int rows, int cols) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer pre = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(pre, 0);
      int headerLen = Short.toUnsignedInt(pre.getShort(8));
      ByteBuffer hdr = ByteBuffer.allocate(headerLen);
      ch.read(hdr, 10);
      String h = new String(hdr.array(), StandardCharsets.US_ASCII);
      if (!h.contains("'<i8'") || !h.contains("(" + rows + ", " + cols + ")")) {
        throw new IOException(file + ": expected int64 (" + rows + ", " + cols + "); header " + h.trim());
      }
      ByteBuffer data = ByteBuffer.allocate(rows * cols * 8).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(data, 10 + headerLen);
      data.flip();
      long[][] out = new long[rows][cols];
      for (long[] r : out) {
        data.asLongBuffer().get(r);
        data.position(data.position() + cols * 8);
      }
      return out;
    }
  }

}

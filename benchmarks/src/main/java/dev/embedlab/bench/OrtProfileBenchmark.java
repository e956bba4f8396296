package dev.embedlab.bench;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.models.KnownModel;
import dev.embedlab.models.OnnxEmbedder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where embedlab's fp32 all-MiniLM-L6-v2 time goes, from ONNX Runtime's own profiler.
 *
 * <p>It mirrors {@link OnnxEmbedder}'s pipeline outside the embedder so the session can be opened
 * with {@code SessionOptions.enableProfiling}: the same model file and tokenizer (from the
 * catalog jar), the same session options (sequential, all graph optimisations, inter-op 1,
 * intra-op {@code bench.threads}), the same batching (longest first, {@code batch = budget /
 * longest}), mean pooling and L2 normalisation in Java. One warm-up pass, then one profiled pass;
 * only node events after the warm-up's last {@code model_run} are counted. Prints: wall time of
 * tokenisation, {@code session.run} and pooling; ORT time by op type (sum of {@code dur} of the
 * {@code *_kernel_time} events); FLOP and GFLOP/s inside MatMul/FusedMatMul/Gemm computed from each
 * node's {@code input_type_shape}, checked against {@link MiniLmFlops}' executed (padded) count;
 * and, for comparison, {@link OnnxEmbedder#embed} on the same texts.
 *
 * <p>Run: {@code mvn -o -q -pl benchmarks exec:java
 * -Dexec.mainClass=dev.embedlab.bench.OrtProfileBenchmark [-Dbench.n=800] [-Dbench.budget=1024]
 * [-Dbench.threads=2] [-Dbench.ortConfig=session.intra_op.allow_spinning=0] [-Dbench.model=other.onnx]}
 * ({@code bench.model}: another export of the same model, e.g. one rewritten by ONNX Runtime's
 * offline transformer optimiser; the comparison with OnnxEmbedder still uses the catalog graph). The JSON profile is
 * written to {@code benchmarks/target/ort-profile/}.
 */
public final class OrtProfileBenchmark {
  private OrtProfileBenchmark() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("OPT_OUT_TRACKING", "true");
    int n = Integer.getInteger("bench.n", 800);
    int maxLength = Integer.getInteger("bench.maxLength", 128);
    int budget = Integer.getInteger("bench.budget", 1024);
    int threads = Integer.getInteger("bench.threads", Runtime.getRuntime().availableProcessors());
    Path corpus = EmbedThroughputBenchmark.sharedDir().resolve("data/scifact/corpus.jsonl.gz");
    if (!Files.isRegularFile(corpus)) {
      System.out.println("SciFact corpus not found at " + corpus + "; nothing to profile");
      return;
    }
    List<String> texts;
    try (OnnxEmbedder counter = OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2_Q).maxLength(512).build()) {
      texts = EmbedThroughputBenchmark.cutToFit(counter, EmbedThroughputBenchmark.readScifact(corpus, n), 510);
    }
    Path dir = Files.createDirectories(Path.of("benchmarks", "target", "ort-profile").toAbsolutePath());
    Path model = System.getProperty("bench.model") != null ? Path.of(System.getProperty("bench.model"))
        : extract(KnownModel.ALL_MINILM_L6_V2.modelResource(), dir);
    Path tokJson = extract(KnownModel.ALL_MINILM_L6_V2.tokenizerResource(), dir);
    Map<String, String> tokOpts = new HashMap<>(Map.of("addSpecialTokens", "true", "truncation", "true",
        "padding", "false", "maxLength", Integer.toString(maxLength), "modelMaxLength", "512"));
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    double[] phases = new double[3]; // tokenize, run, pool (seconds, profiled pass)
    long[][] ids;
    Path profile;
    List<int[]> batches = new ArrayList<>(); // {batch, seq}
    double cpu0;
    double cpu;
    try (HuggingFaceTokenizer tok = HuggingFaceTokenizer.newInstance(tokJson, tokOpts);
        OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
      opts.setIntraOpNumThreads(threads);
      opts.setInterOpNumThreads(1);
      opts.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      for (String kv : System.getProperty("bench.ortConfig", "").split(",")) {
        int eq = kv.indexOf('=');
        if (eq > 0) {
          opts.addConfigEntry(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
      }
      opts.enableProfiling(dir.resolve("minilm-fp32").toString());
      System.out.println("graph: " + model);
      try (OrtSession session = env.createSession(model.toString(), opts)) {
        ids = tokenize(tok, texts, maxLength, null);
        runAll(env, session, ids, budget, null, null); // warm-up
        long warmEndNanos = System.nanoTime();
        cpu0 = EmbedThroughputBenchmark.processCpuSeconds();
        ids = tokenize(tok, texts, maxLength, phases);
        runAll(env, session, ids, budget, phases, batches);
        cpu = EmbedThroughputBenchmark.processCpuSeconds() - cpu0;
        profile = Path.of(session.endProfiling());
        System.out.printf(Locale.ROOT, "profile: %s (warm-up ended %.1f s before)%n", profile,
            (System.nanoTime() - warmEndNanos) / 1e9);
      }
    }
    long tokens = Arrays.stream(ids).mapToLong(r -> r.length).sum();
    int[] lengths = Arrays.stream(ids).mapToInt(r -> r.length).toArray();
    MiniLmFlops f = MiniLmFlops.ALL_MINILM_L6_V2;
    double executed = batches.stream().mapToDouble(b -> f.batchFlops(b[0], b[1])).sum();
    double useful = f.usefulFlops(lengths);
    long padded = batches.stream().mapToLong(b -> (long) b[0] * b[1]).sum();
    System.out.printf(Locale.ROOT, "texts=%d tokens=%d (padded %d, %d batches), budget=%d, threads=%d%n",
        texts.size(), tokens, padded, batches.size(), budget, threads);
    System.out.println("machine: " + EmbedThroughputBenchmark.machine());
    double total = phases[0] + phases[1] + phases[2];
    System.out.printf(Locale.ROOT, "wall: tokenize %.3f s, session.run %.3f s, pool+normalize %.3f s, "
        + "total %.3f s -> %.1f texts/s; useful %.1f GFLOP (executed, padded: %.1f) -> %.1f GFLOP/s useful; "
        + "process CPU %.3f s -> %.1f GFLOP per CPU second%n",
        phases[0], phases[1], phases[2], total, texts.size() / total, useful / 1e9, executed / 1e9,
        useful / total / 1e9, cpu, useful / cpu / 1e9);
    summarise(profile, phases[1], executed);

    try (OnnxEmbedder e = OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2).maxLength(maxLength)
        .tokenBudget(budget).intraOpThreads(threads).build()) {
      e.embed(texts, Role.DOCUMENT);
      long t0 = System.nanoTime();
      e.embed(texts, Role.DOCUMENT);
      double sec = (System.nanoTime() - t0) / 1e9;
      System.out.printf(Locale.ROOT, "OnnxEmbedder.embed on the same texts (second call): %.3f s, %.1f texts/s%n",
          sec, texts.size() / sec);
    }
  }

  /** Time by op type, and GFLOP/s inside the matrix products from the nodes' shapes. */
  static void summarise(Path profile, double runSeconds, double formulaFlops) throws IOException {
    JsonNode events = new ObjectMapper().readTree(profile.toFile());
    List<Long> runEnds = new ArrayList<>();
    for (JsonNode e : events) {
      if ("model_run".equals(e.path("name").asText())) {
        runEnds.add(e.path("ts").asLong() + e.path("dur").asLong());
      }
    }
    runEnds.sort(Long::compare);
    // The second half of the model_run events is the profiled pass (both passes run the same batches).
    long cut = runEnds.get(runEnds.size() / 2 - 1);
    long runUs = 0;
    for (JsonNode e : events) {
      if ("model_run".equals(e.path("name").asText()) && e.path("ts").asLong() > cut) {
        runUs += e.path("dur").asLong();
      }
    }
    Map<String, long[]> byOp = new TreeMap<>(); // op -> {us, nodes}
    // Fastest instance of each (node, input shape): neighbours' time slices only ever add to a
    // node's duration, so count x fastest estimates the time on an otherwise idle machine.
    Map<String, long[]> fastest = new HashMap<>(); // node+shape -> {min us, count}
    Map<String, String> opOf = new HashMap<>();
    Map<String, Double> flopsOf = new HashMap<>();
    Set<String> matmulMinKey = new HashSet<>();
    double matmulFlops = 0;
    long matmulUs = 0;
    long nodeUs = 0;
    for (JsonNode e : events) {
      String name = e.path("name").asText();
      if (!"Node".equals(e.path("cat").asText()) || !name.endsWith("_kernel_time") || e.path("ts").asLong() <= cut) {
        continue;
      }
      String op = e.path("args").path("op_name").asText("?");
      long dur = e.path("dur").asLong();
      String key = name + e.path("args").path("input_type_shape");
      long[] fa = fastest.computeIfAbsent(key, k -> new long[] {Long.MAX_VALUE, 0});
      fa[0] = Math.min(fa[0], dur);
      fa[1]++;
      opOf.put(key, op);
      flopsOf.put(key, matmulFlops(e.path("args")));
      long[] acc = byOp.computeIfAbsent(op, k -> new long[2]);
      acc[0] += dur;
      acc[1]++;
      nodeUs += dur;
      if (op.equals("MatMul") || op.equals("FusedMatMul") || op.equals("Gemm") || op.equals("Attention")) {
        matmulUs += dur;
        matmulFlops += matmulFlops(e.path("args"));
        matmulMinKey.add(name + e.path("args").path("input_type_shape"));
      }
    }
    System.out.printf(Locale.ROOT, "ORT model_run total %.3f s (Java saw session.run %.3f s); node kernels %.3f s%n",
        runUs / 1e6, runSeconds, nodeUs / 1e6);
    Map<String, Double> fastUs = new HashMap<>();
    double fastTotal = 0;
    double fastMatmulUs = 0;
    for (Map.Entry<String, long[]> x : fastest.entrySet()) {
      double us = (double) x.getValue()[0] * x.getValue()[1];
      fastUs.merge(opOf.get(x.getKey()), us, Double::sum);
      fastTotal += us;
      if (matmulMinKey.contains(x.getKey())) {
        fastMatmulUs += us;
      }
    }
    System.out.printf(Locale.ROOT, "%-22s %9s %7s %7s | %s%n", "op type", "seconds", "share", "nodes",
        "count x fastest instance: seconds, share");
    final long nodes = nodeUs;
    final double fastAll = fastTotal;
    byOp.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
        .forEach(x -> System.out.printf(Locale.ROOT, "%-22s %9.3f %6.1f%% %7d | %9.3f %6.1f%%%n", x.getKey(),
            x.getValue()[0] / 1e6, 100.0 * x.getValue()[0] / nodes, x.getValue()[1],
            fastUs.get(x.getKey()) / 1e6, 100.0 * fastUs.get(x.getKey()) / fastAll));
    System.out.printf(Locale.ROOT, "all nodes: %.3f s as measured, %.3f s at each node's fastest instance%n",
        nodes / 1e6, fastAll / 1e6);
    System.out.printf(Locale.ROOT, "matrix products (MatMul/FusedMatMul/Gemm/Attention): %.1f GFLOP from node shapes "
        + "(formula, executed incl. padding: %.1f GFLOP; ratio %.3f) in %.3f s = %.1f GFLOP/s inside them%n",
        matmulFlops / 1e9, formulaFlops / 1e9, matmulFlops / formulaFlops, matmulUs / 1e6,
        matmulFlops / (matmulUs / 1e6) / 1e9);
    System.out.printf(Locale.ROOT, "  at each node's fastest instance: %.3f s = %.1f GFLOP/s inside them%n",
        fastMatmulUs / 1e6, matmulFlops / (fastMatmulUs / 1e6) / 1e9);
  }

  /**
   * 2 x (output elements) x K, K the last dimension of the first input: the profiler lists only
   * activation inputs (not the weight initialisers), so the output shape supplies N.
   */
  static double matmulFlops(JsonNode args) {
    JsonNode in = args.path("input_type_shape");
    if ("Attention".equals(args.path("op_name").asText())) {
      // com.microsoft Attention [B, S, d]: QKV projection (d x 3d) plus Q K^T and softmax(..) V.
      long[] x = dims(in.get(0));
      double b = x[0];
      double sq = x[1];
      double d = x[2];
      return 2 * b * sq * d * 3 * d + 2 * 2 * b * sq * sq * d;
    }
    JsonNode out = args.path("output_type_shape");
    if (in.size() < 1 || out.size() < 1) {
      return 0;
    }
    long[] a = dims(in.get(0));
    long[] o = dims(out.get(0));
    if (a.length < 1 || o.length < 1) {
      return 0;
    }
    double elements = 1;
    for (long d : o) {
      elements *= d;
    }
    return 2.0 * elements * a[a.length - 1];
  }

  private static long[] dims(JsonNode typed) {
    JsonNode arr = typed.elements().hasNext() ? typed.elements().next() : typed;
    long[] d = new long[arr.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = arr.get(i).asLong();
    }
    return d;
  }

  static long[][] tokenize(HuggingFaceTokenizer tok, List<String> texts, int maxLength, double[] phases) {
    long t0 = System.nanoTime();
    Encoding[] enc = tok.batchEncode(texts.toArray(new String[0]), true, false);
    long[][] ids = new long[enc.length][];
    for (int i = 0; i < enc.length; i++) {
      long[] row = enc[i].getIds();
      ids[i] = row.length > maxLength ? Arrays.copyOf(row, maxLength) : row;
    }
    if (phases != null) {
      phases[0] += (System.nanoTime() - t0) / 1e9;
    }
    return ids;
  }

  /** Longest first, {@code batch = budget / longest}, mean pooling + L2 normalisation in Java. */
  static float[][] runAll(OrtEnvironment env, OrtSession s, long[][] ids, int budget, double[] phases,
      List<int[]> batches) throws OrtException {
    Integer[] order = new Integer[ids.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(ids[b].length, ids[a].length));
    float[][] out = new float[ids.length][];
    for (int start = 0; start < ids.length; ) {
      int seq = ids[order[start]].length;
      int size = Math.max(1, Math.min(ids.length - start, budget / seq));
      long[] idv = new long[size * seq];
      long[] mask = new long[size * seq];
      for (int r = 0; r < size; r++) {
        long[] row = ids[order[start + r]];
        System.arraycopy(row, 0, idv, r * seq, row.length);
        Arrays.fill(mask, r * seq, r * seq + row.length, 1L);
      }
      long[] shape = {size, seq};
      long t0 = System.nanoTime();
      try (OnnxTensor a = OnnxTensor.createTensor(env, LongBuffer.wrap(idv), shape);
          OnnxTensor m = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
          OnnxTensor t = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[size * seq]), shape);
          OrtSession.Result res = s.run(Map.of("input_ids", a, "attention_mask", m, "token_type_ids", t),
              Set.of("last_hidden_state"))) {
        long t1 = System.nanoTime();
        FloatBuffer fb = ((OnnxTensor) res.get(0)).getFloatBuffer();
        float[] h = new float[fb.remaining()];
        fb.get(h);
        int dim = h.length / (size * seq);
        for (int r = 0; r < size; r++) {
          int len = ids[order[start + r]].length;
          double[] acc = new double[dim];
          for (int tk = 0; tk < len; tk++) {
            for (int j = 0; j < dim; j++) {
              acc[j] += h[(r * seq + tk) * dim + j];
            }
          }
          double norm = 0;
          for (int j = 0; j < dim; j++) {
            acc[j] /= len;
            norm += acc[j] * acc[j];
          }
          float[] v = new float[dim];
          for (int j = 0; j < dim; j++) {
            v[j] = (float) (acc[j] / Math.max(Math.sqrt(norm), 1e-12));
          }
          out[order[start + r]] = v;
        }
        if (phases != null) {
          phases[1] += (t1 - t0) / 1e9;
          phases[2] += (System.nanoTime() - t1) / 1e9;
        }
      }
      if (batches != null) {
        batches.add(new int[] {size, seq});
      }
      start += size;
    }
    return out;
  }

  private static Path extract(String resource, Path dir) throws IOException {
    Path p = dir.resolve(resource);
    try (InputStream in = OnnxEmbedder.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("classpath resource " + resource + " not found: expected the catalog weights jar");
      }
      Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
    }
    return p;
  }
}

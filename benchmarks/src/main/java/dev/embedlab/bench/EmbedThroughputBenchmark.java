package dev.embedlab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.models.KnownModel;
import dev.embedlab.models.OnnxEmbedder;
import dev.embedlab.models.StaticInt8;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * Throughput of embedlab's {@link OnnxEmbedder} (all-MiniLM-L6-v2 fp32 and int8) against
 * LangChain4j's {@code AllMiniLmL6V2EmbeddingModel} on the same model file, the same texts and the
 * same maximum length, interleaved in one JVM.
 *
 * <p>Work: the first {@code bench.n} (2,000) SciFact abstracts, {@code title + " " + text}, cut at
 * word boundaries so each fits in 510 tokens (LangChain4j would split longer texts). LangChain4j's
 * all-MiniLM tokenizer.json pins truncation at 128 tokens and LangChain4j inherits it, so every
 * system runs at maximum length 128 (override with {@code -Dbench.maxLength}; LangChain4j ignores it).
 * Each round runs every system once on all texts, rotating the order; round 0 is a warm-up and is
 * not reported. Throughput is the median over rounds. Memory: peak heap (JMX pools, reset before
 * each run) and peak RSS growth over the pre-run RSS (sampled every 5 ms from /proc/self/status).
 *
 * <p>FLOP share: the useful FLOPs of the texts ({@link MiniLmFlops}: 21,233,664 + 9,216 L per
 * token attending over L positions, each text over its own length, padding not counted; 22.41
 * MFLOP/token at L = 128) divided by the machine's <em>measured</em> fp32 FMA peak
 * ({@link FmaPeak}, compiled and run at start; the theoretical cpuinfo figure, flagged, without
 * gcc). Two shares per system: {@code %peak wall} = useful FLOP per wall second / the peak of
 * {@code bench.threads} threads; {@code %peak cpu} = useful FLOP per CPU second of the whole JVM
 * (all its threads, spinning included) / the one-thread peak. On a machine shared with other
 * processes the wall share falls with the neighbours' load; the CPU share much less so.
 *
 * <p>Levers: {@code -Dbench.fp32Variants=budget=2048;threads=1;spin=0;budget=512,spin=0} adds one
 * embedlab fp32 system per {@code ;}-separated variant (comma-joined {@code budget=}, {@code threads=},
 * {@code spin=0|1}) to the same interleaved rounds, and says whether its vectors are bit-identical to
 * the default's. {@code -Dbench.systems=lc4j,fp32,int8} picks the base systems (default all three).
 * {@code -Dbench.extra=true} adds the int8 model batched with batch-dependent vectors (opt-in) and
 * static int8 ({@link StaticInt8}, calibrated on the 500 SciFact texts after the benchmark's own).
 *
 * <p>Run: {@code mvn -o -q -pl benchmarks exec:java
 * -Dexec.mainClass=dev.embedlab.bench.EmbedThroughputBenchmark [-Dbench.n=800] [-Dbench.rounds=3]},
 * or, with this checkout's classes rather than the {@code ~/.m2} snapshots (as for the figures of
 * docs/notes/fp32.md): {@code mvn -o -q -pl benchmarks -am compile dependency:build-classpath
 * -Dmdep.outputFile=/tmp/fp32cp.txt}, then {@code java -Xmx1g -cp
 * benchmarks/target/classes:$(cat /tmp/fp32cp.txt) -Dbench.n=400 -Dbench.rounds=3
 * -Dbench.systems=lc4j,fp32 '-Dbench.fp32Variants=spin=1;threads=1;budget=2048'
 * dev.embedlab.bench.EmbedThroughputBenchmark}. Not a test: never timed in CI.
 */
public final class EmbedThroughputBenchmark {

  interface System_ {
    String name();

    float[][] embed(List<String> texts);
  }

  public static void main(String[] args) throws Exception {
    if (System.getProperty("OPT_OUT_TRACKING") == null) {
      System.setProperty("OPT_OUT_TRACKING", "true");
    }
    int n = Integer.getInteger("bench.n", 2000);
    int rounds = Integer.getInteger("bench.rounds", 3);
    int maxLength = Integer.getInteger("bench.maxLength", 128);
    int budget = Integer.getInteger("bench.budget", 1024);
    int threads = Integer.getInteger("bench.threads", Runtime.getRuntime().availableProcessors());
    boolean extra = Boolean.getBoolean("bench.extra");
    Path corpus = Path.of(System.getProperty("bench.corpus",
        sharedDir().resolve("data/scifact/corpus.jsonl.gz").toString()));
    if (!Files.isRegularFile(corpus)) {
      System.out.println("SciFact corpus not found at " + corpus + "; nothing to benchmark");
      return;
    }

    List<String> raw = readScifact(corpus, n);
    List<String> texts;
    int[] tokenCounts;
    try (OnnxEmbedder counter = OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2_Q).maxLength(512).build()) {
      texts = cutToFit(counter, raw, 510);
    }
    try (OnnxEmbedder counter = OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2_Q).maxLength(maxLength).build()) {
      tokenCounts = counter.tokenCounts(texts, Role.DOCUMENT);
    }
    long totalTokens = Arrays.stream(tokenCounts).asLongStream().sum();
    long cut = raw.size() - texts.stream().filter(raw::contains).count();
    System.out.printf(Locale.ROOT, "texts=%d (cut to fit 510 tokens: %d), maxLength=%d, tokens fed=%d "
        + "(mean %.1f/text), rounds=%d (+1 warm-up), tokenBudget=%d, intraOpThreads=%d%n",
        texts.size(), cut, maxLength, totalTokens, totalTokens / (double) texts.size(), rounds, budget, threads);
    System.out.println("machine: " + machine());
    System.out.println("load before: " + loadAverage());
    FmaPeak.Peak peak = FmaPeak.measure(0.3, 10);
    System.out.printf(Locale.ROOT, "fp32 FMA peak: %s%n", peak.how());
    peak.perThreads().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> System.out.printf(
        Locale.ROOT, "  threads=%d: %.1f GFLOP/s per wall second, %.1f per CPU second%n", e.getKey(),
        e.getValue()[0], e.getValue()[1]));
    MiniLmFlops flops = MiniLmFlops.ALL_MINILM_L6_V2;
    double usefulFlops = flops.usefulFlops(tokenCounts);
    System.out.printf(Locale.ROOT, "useful FLOP (padding not counted): %.1f GFLOP = %.2f MFLOP/token "
        + "(dense %.0f + attention 9,216 x own length)%n", usefulFlops / 1e9, usefulFlops / totalTokens / 1e6,
        flops.denseFlopsPerToken());

    String sweep = System.getProperty("bench.sweep");
    if (sweep != null) { // token-budget sweep for embedlab fp32 only, then exit
      for (String b : sweep.split(",")) {
        try (OnnxEmbedder e = OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2).maxLength(maxLength)
            .tokenBudget(Integer.parseInt(b.trim())).intraOpThreads(threads).build()) {
          e.embed(texts.subList(0, Math.min(100, texts.size())));
          long t0 = System.nanoTime();
          e.embed(texts);
          double sec = (System.nanoTime() - t0) / 1e9;
          System.out.printf(Locale.ROOT, "sweep tokenBudget=%s: %.1f texts/s, %.0f tokens/s%n", b.trim(),
              texts.size() / sec, totalTokens / sec);
        }
      }
      return;
    }

    OnnxEmbedder fp32 = withOrtConfig(OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2).maxLength(maxLength)
        .tokenBudget(budget).intraOpThreads(threads)).build();
    OnnxEmbedder int8 = withOrtConfig(OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2_Q).maxLength(maxLength)
        .tokenBudget(budget).intraOpThreads(threads)).build();
    AllMiniLmL6V2EmbeddingModel lc = new AllMiniLmL6V2EmbeddingModel();
    List<System_> systems = new ArrayList<>();
    String pick = System.getProperty("bench.systems", "lc4j,fp32,int8");
    if (pick.contains("lc4j")) {
      systems.add(named("LangChain4j AllMiniLmL6V2 (fp32)", t -> langchain(lc, t)));
    }
    String fp32Name = "embedlab all-MiniLM-L6-v2 fp32";
    if (pick.contains("fp32")) {
      systems.add(named(fp32Name, fp32::embed));
    }
    if (pick.contains("int8")) {
      systems.add(named("embedlab all-MiniLM-L6-v2 int8", int8::embed));
    }
    List<OnnxEmbedder> variants = new ArrayList<>();
    for (String v : System.getProperty("bench.fp32Variants", "").split(";")) {
      if (!v.isBlank()) {
        OnnxEmbedder e = variant(v.trim(), maxLength, budget, threads);
        variants.add(e);
        systems.add(named("fp32 " + v.trim(), e::embed));
      }
    }
    OnnxEmbedder int8one = null;
    OnnxEmbedder int8static = null;
    if (extra) {
      // The default int8 path above runs one text per call (deterministic vectors); this is the
      // opt-in batch-dependent mode, to measure what determinism costs.
      int8one = OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2_Q).maxLength(maxLength)
          .tokenBudget(budget).batchDependentInt8(true).intraOpThreads(threads).build();
      systems.add(named("embedlab int8, batch-dependent (opt-in)", int8one::embed));
      // Static int8 (StaticInt8): fixed activation scales calibrated on the 500 SciFact texts after
      // the benchmark's own, so it batches and still gives each text one vector.
      List<String> calibration = readScifact(corpus, n + 500);
      calibration = calibration.subList(Math.min(n, calibration.size()), calibration.size());
      StaticInt8.Result calibrated = StaticInt8.quantize(KnownModel.ALL_MINILM_L6_V2_Q, calibration,
          Files.createTempDirectory("embedlab-static-int8"));
      int8static = withOrtConfig(StaticInt8.builder(KnownModel.ALL_MINILM_L6_V2_Q, calibrated).maxLength(maxLength)
          .tokenBudget(budget).intraOpThreads(threads)).build();
      systems.add(named("embedlab int8 static (calibrated)", int8static::embed));
    }

    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    Map<String, List<Double>> cpuSeconds = new LinkedHashMap<>();
    Map<String, Long> heapPeak = new LinkedHashMap<>();
    Map<String, Long> rssPeak = new LinkedHashMap<>();
    Map<String, float[][]> outputs = new LinkedHashMap<>();
    for (System_ s : systems) {
      seconds.put(s.name(), new ArrayList<>());
      cpuSeconds.put(s.name(), new ArrayList<>());
      heapPeak.put(s.name(), 0L);
      rssPeak.put(s.name(), 0L);
    }
    for (int round = 0; round <= rounds; round++) {
      List<String> work = round == 0 ? texts.subList(0, Math.min(200, texts.size())) : texts;
      for (int k = 0; k < systems.size(); k++) {
        System_ s = systems.get((k + round) % systems.size());
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
          p.resetPeakUsage();
        }
        long rss0 = rssBytes();
        AtomicLong maxRss = new AtomicLong(rss0);
        Thread sampler = new Thread(() -> {
          while (!Thread.currentThread().isInterrupted()) {
            maxRss.accumulateAndGet(rssBytes(), Math::max);
            try {
              Thread.sleep(5);
            } catch (InterruptedException e) {
              return;
            }
          }
        });
        sampler.setDaemon(true);
        sampler.start();
        double cpu0 = processCpuSeconds();
        long t0 = System.nanoTime();
        float[][] out = s.embed(work);
        double sec = (System.nanoTime() - t0) / 1e9;
        double cpu = processCpuSeconds() - cpu0;
        sampler.interrupt();
        sampler.join();
        long heap = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
          if (p.getType() == MemoryType.HEAP) {
            heap += p.getPeakUsage().getUsed();
          }
        }
        if (round > 0) {
          seconds.get(s.name()).add(sec);
          cpuSeconds.get(s.name()).add(cpu);
          heapPeak.merge(s.name(), heap, Math::max);
          rssPeak.merge(s.name(), maxRss.get() - rss0, Math::max);
          outputs.putIfAbsent(s.name(), out);
        }
        System.out.printf(Locale.ROOT, "  round %d %-34s %7.2f s wall %7.2f s CPU, load %s%s%n", round, s.name(),
            sec, cpu, loadAverage(), round == 0 ? " (warm-up, 200 texts)" : "");
      }
    }

    String lcName = systems.get(0).name();
    double lcRate = texts.size() / median(seconds.get(lcName));
    System.out.println();
    System.out.printf(Locale.ROOT, "%-34s %9s %10s %8s %8s %10s %9s %9s %8s %s%n", "system", "texts/s", "tokens/s",
        "heapMB", "+rssMB", "%peak wall", "%peak cpu", "cpu/wall", "vs first", "min cos vs first / bit-identical to fp32");
    for (System_ s : systems) {
      double med = median(seconds.get(s.name()));
      double cpuMed = median(cpuSeconds.get(s.name()));
      double rate = texts.size() / med;
      double wallShare = usefulFlops / med / (peak.cpuGflops(threads) * 1e9) * 100;
      double cpuShare = usefulFlops / cpuMed / (peak.cpuGflops(1) * 1e9) * 100;
      String same = outputs.containsKey(fp32Name) && !s.name().equals(fp32Name)
          ? (identical(outputs.get(s.name()), outputs.get(fp32Name)) ? " / yes" : " / NO") : "";
      System.out.printf(Locale.ROOT, "%-34s %9.1f %10.0f %8.0f %8.0f %9.1f%% %8.1f%% %9.2f %7.2fx %.6f%s%n", s.name(),
          rate, totalTokens / med, heapPeak.get(s.name()) / 1e6, rssPeak.get(s.name()) / 1e6, wallShare, cpuShare,
          cpuMed / med, rate / lcRate, minCos(outputs.get(s.name()), outputs.get(lcName)), same);
    }
    System.out.printf(Locale.ROOT, "%%peak wall: useful FLOP per wall second / %.1f GFLOP/s (%d threads, per CPU "
        + "second); %%peak cpu: per CPU second / %.1f GFLOP/s (1 thread). %s%n", peak.cpuGflops(threads), threads,
        peak.cpuGflops(1), peak.measured() ? "Peak measured." : "PEAK NOT MEASURED: " + peak.how());
    System.out.println("rounds wall (s): " + seconds);
    System.out.println("rounds CPU (s): " + cpuSeconds);
    System.out.println("load after: " + loadAverage());
    variants.forEach(OnnxEmbedder::close);
    fp32.close();
    int8.close();
    if (int8one != null) {
      int8one.close();
    }
    if (int8static != null) {
      int8static.close();
    }
    System.exit(0); // LangChain4j's executor threads linger for a second
  }

  static System_ named(String name, Function<List<String>, float[][]> f) {
    return new System_() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public float[][] embed(List<String> texts) {
        return f.apply(texts);
      }
    };
  }

  static float[][] langchain(AllMiniLmL6V2EmbeddingModel m, List<String> texts) {
    List<Embedding> e = m.embedAll(texts.stream().map(TextSegment::from).toList()).content();
    float[][] out = new float[e.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = e.get(i).vector();
    }
    return out;
  }

  static double minCos(float[][] a, float[][] b) {
    double min = 1;
    for (int i = 0; i < a.length; i++) {
      min = Math.min(min, VectorUtil.cosine(a[i], b[i]));
    }
    return min;
  }

  static double median(List<Double> xs) {
    double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  /** Drops trailing words until each text has at most {@code maxContentTokens} + 2 tokens. */
  static List<String> cutToFit(OnnxEmbedder counter, List<String> texts, int maxContentTokens) {
    int[] counts = counter.tokenCounts(texts, Role.DOCUMENT);
    List<String> out = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      String t = texts.get(i);
      if (counts[i] >= maxContentTokens + 2) { // at the 512 cap: may be longer than fits
        String[] words = t.split(" ");
        int lo = 1;
        int hi = words.length;
        while (lo < hi) { // largest word count that fits
          int mid = (lo + hi + 1) >>> 1;
          String cand = String.join(" ", Arrays.copyOf(words, mid));
          if (counter.tokenCounts(List.of(cand), Role.DOCUMENT)[0] <= maxContentTokens + 2 - 1) {
            lo = mid;
          } else {
            hi = mid - 1;
          }
        }
        t = String.join(" ", Arrays.copyOf(words, lo));
      }
      out.add(t);
    }
    return out;
  }

  static List<String> readScifact(Path corpus, int n) throws IOException {
    ObjectMapper om = new ObjectMapper();
    List<String> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(corpus)), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null && out.size() < n) {
        JsonNode j = om.readTree(line);
        out.add(j.path("title").asText() + " " + j.path("text").asText());
      }
    }
    return out;
  }

  static Path sharedDir() {
    String p = System.getProperty("embedlab.shared");
    if (p != null) {
      return Path.of(p);
    }
    for (Path c : List.of(Path.of("..", "shared"), Path.of("..", "..", "shared"))) {
      if (Files.isDirectory(c)) {
        return c;
      }
    }
    return Path.of("..", "shared");
  }

  static long rssBytes() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (l.startsWith("VmRSS:")) {
          return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  /** CPU seconds used by this JVM so far (all threads, ONNX Runtime's native ones included). */
  static double processCpuSeconds() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime() / 1e9;
    }
    return Double.NaN;
  }

  static String machine() {
    String cpu = "?";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
    } catch (IOException e) {
      // keep "?"
    }
    long memGiB = 0;
    try {
      for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (l.startsWith("MemTotal:")) {
          memGiB = Math.round(Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0);
        }
      }
    } catch (IOException e) {
      // unknown
    }
    return Runtime.getRuntime().availableProcessors() + "-core " + System.getProperty("os.arch") + " ("
        + cpu + "), " + memGiB + " GiB, Java " + System.getProperty("java.vm.name") + " "
        + System.getProperty("java.runtime.version") + ", heap max "
        + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB";
  }

  /** The 1, 5 and 15 minute load averages from /proc/loadavg ("?" when unreadable). */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      return "?";
    }
  }

  static boolean identical(float[][] a, float[][] b) {
    return Arrays.deepEquals(a, b);
  }

  /**
   * An fp32 embedder with the default options changed by {@code budget=N,threads=N,spin=0|1}, or
   * {@code model=FOLDER} (a folder with {@code model.onnx} and {@code tokenizer.json}, e.g. the
   * graph rewritten by ONNX Runtime's offline transformer optimiser; mean pooling, normalised).
   */
  static OnnxEmbedder variant(String spec, int maxLength, int budget, int threads) {
    OnnxEmbedder.Builder b = OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2);
    for (String kv : spec.split(",")) {
      if (kv.trim().startsWith("model=")) {
        Path dir = Path.of(kv.trim().substring("model=".length()));
        b = OnnxEmbedder.builder(dir.resolve("model.onnx"), dir.resolve("tokenizer.json"));
      }
    }
    b = withOrtConfig(b.maxLength(maxLength).tokenBudget(budget).intraOpThreads(threads));
    for (String kv : spec.split(",")) {
      String[] p = kv.trim().split("=", 2);
      if (p.length != 2) {
        throw new IllegalArgumentException("variant part must be key=value (budget, threads, spin); got '" + kv + "'");
      }
      switch (p[0]) {
        case "budget" -> b.tokenBudget(Integer.parseInt(p[1]));
        case "threads" -> b.intraOpThreads(Integer.parseInt(p[1]));
        case "spin" -> b.sessionConfig("session.intra_op.allow_spinning", p[1]);
        case "model" -> { } // chosen above
        default -> throw new IllegalArgumentException("variant key must be budget, threads, spin or model; got '" + p[0] + "'");
      }
    }
    return b.build();
  }

  /** Applies {@code -Dbench.ortConfig=key=value,key=value} (ONNX Runtime session entries) to a builder. */
  private static OnnxEmbedder.Builder withOrtConfig(OnnxEmbedder.Builder b) {
    String cfg = System.getProperty("bench.ortConfig", "");
    for (String kv : cfg.split(",")) {
      int eq = kv.indexOf('=');
      if (eq > 0) {
        b.sessionConfig(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
      }
    }
    return b;
  }
}

package dev.embedlab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.models.KnownModel;
import dev.embedlab.models.OnnxEmbedder;
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
 * <p>FLOP share: all-MiniLM-L6-v2 costs about 22 MFLOP per token (6 layers x (4 d^2 + 2 d 4d)
 * multiply-adds with d = 384, plus attention at length 128); peak = cores x GHz x FLOP/cycle/core,
 * FLOP/cycle = 2 FMA units x (16 fp32 lanes with AVX-512, 8 with AVX2) x 2. Cores and GHz come
 * from /proc/cpuinfo; the two FMA units per core is an assumption for Xeon cores (stated in output).
 *
 * <p>Run: {@code mvn -o -q -pl benchmarks exec:java
 * -Dexec.mainClass=dev.embedlab.bench.EmbedThroughputBenchmark}. Not a test: never timed in CI.
 */
public final class EmbedThroughputBenchmark {

  static final double FLOP_PER_TOKEN = 22e6;

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
    systems.add(named("LangChain4j AllMiniLmL6V2 (fp32)", t -> langchain(lc, t)));
    systems.add(named("embedlab all-MiniLM-L6-v2 fp32", fp32::embed));
    systems.add(named("embedlab all-MiniLM-L6-v2 int8", int8::embed));
    OnnxEmbedder int8one = null;
    if (extra) {
      // The default int8 path above runs one text per call (deterministic vectors); this is the
      // opt-in batch-dependent mode, to measure what determinism costs.
      int8one = OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2_Q).maxLength(maxLength)
          .tokenBudget(budget).batchDependentInt8(true).intraOpThreads(threads).build();
      systems.add(named("embedlab int8, batch-dependent (opt-in)", int8one::embed));
    }

    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    Map<String, Long> heapPeak = new LinkedHashMap<>();
    Map<String, Long> rssPeak = new LinkedHashMap<>();
    Map<String, float[][]> outputs = new LinkedHashMap<>();
    for (System_ s : systems) {
      seconds.put(s.name(), new ArrayList<>());
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
        long t0 = System.nanoTime();
        float[][] out = s.embed(work);
        double sec = (System.nanoTime() - t0) / 1e9;
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
          heapPeak.merge(s.name(), heap, Math::max);
          rssPeak.merge(s.name(), maxRss.get() - rss0, Math::max);
          outputs.putIfAbsent(s.name(), out);
        }
        System.out.printf(Locale.ROOT, "  round %d %-34s %7.2f s%s%n", round, s.name(), sec,
            round == 0 ? " (warm-up, 200 texts)" : "");
      }
    }

    double peak = peakGflops();
    String lcName = systems.get(0).name();
    double lcRate = texts.size() / median(seconds.get(lcName));
    System.out.println();
    System.out.printf(Locale.ROOT, "%-34s %9s %10s %9s %9s %8s %9s %s%n", "system", "texts/s", "tokens/s",
        "heapMB", "+rssMB", "%peak", "vs LC4J", "min cos vs LC4J");
    for (System_ s : systems) {
      double med = median(seconds.get(s.name()));
      double rate = texts.size() / med;
      double tokRate = totalTokens / med;
      double share = tokRate * FLOP_PER_TOKEN / (peak * 1e9) * 100;
      System.out.printf(Locale.ROOT, "%-34s %9.1f %10.0f %9.0f %9.0f %7.1f%% %8.2fx %.6f%n", s.name(), rate,
          tokRate, heapPeak.get(s.name()) / 1e6, rssPeak.get(s.name()) / 1e6, share, rate / lcRate,
          minCos(outputs.get(s.name()), outputs.get(lcName)));
    }
    System.out.printf(Locale.ROOT, "FLOP peak used for %%peak: %.1f GFLOP/s fp32 (%s)%n", peak, peakHow);
    System.out.println("rounds (s): " + seconds);
    fp32.close();
    int8.close();
    if (int8one != null) {
      int8one.close();
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

  static String peakHow = "";

  static double peakGflops() {
    int cores = Runtime.getRuntime().availableProcessors();
    double ghz = 0;
    boolean avx512 = false;
    boolean fma = false;
    boolean avx2 = false;
    try {
      for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (l.startsWith("cpu MHz") && ghz == 0) {
          ghz = Double.parseDouble(l.substring(l.indexOf(':') + 1).trim()) / 1000;
        } else if (l.startsWith("flags")) {
          avx512 |= l.contains(" avx512f");
          fma |= l.contains(" fma");
          avx2 |= l.contains(" avx2");
        }
      }
    } catch (IOException | NumberFormatException e) {
      ghz = 2.0;
    }
    int lanes = avx512 ? 16 : (avx2 ? 8 : 4);
    int fmaUnits = 2;
    double flopsPerCycle = fmaUnits * lanes * (fma ? 2 : 1);
    peakHow = String.format(Locale.ROOT, "%d cores x %.2f GHz (cpuinfo) x %.0f FLOP/cycle = %d FMA units "
        + "(assumed) x %d fp32 lanes (%s) x 2", cores, ghz, flopsPerCycle, fmaUnits, lanes,
        avx512 ? "avx512f" : avx2 ? "avx2" : "sse");
    return cores * ghz * flopsPerCycle;
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

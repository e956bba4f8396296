package dev.embedlab.bakeoff.tune;

import dev.embedlab.ann.AnnRetriever;
import dev.embedlab.ann.IvfRetriever;
import dev.embedlab.ann.JVectorRetriever;
import dev.embedlab.ann.LatencyStats;
import dev.embedlab.ann.LuceneHnswRetriever;

import dev.embedlab.core.Checks;
import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.data.Qrels;
import dev.embedlab.data.Run;
import dev.embedlab.data.ScoredDoc;
import dev.embedlab.eval.metrics.EvaluationResult;
import dev.embedlab.eval.metrics.Measure;
import dev.embedlab.eval.metrics.RankingEvaluator;
import dev.embedlab.eval.search.ExactSearch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sweeps ANN parameter grids on a data set with relevance judgments and reports, for every
 * configuration, the quality on the qrels (nDCG@10 and Recall@k, computed by eval's
 * {@link RankingEvaluator} exactly as {@code trec_eval -c}), recall@k against exact search, the
 * p50/p95 per-query latency (one warm-up pass, then one timed pass), the build time and the
 * memory; then the Pareto front (quality up, latency down, memory down) and the cheapest
 * configuration that keeps a target share of exact search's nDCG@10.
 *
 * <p><b>Loss split.</b> For each configuration the nDCG@10 lost against exact float32 search is
 * split in two: <em>compression</em>, exact float search minus exhaustive search in the index's
 * compressed representation scored as the index scores it
 * ({@link AnnRetriever#exactOnCompressed}: Lucene's quantised dot product over every document for
 * HNSW-SQ, ADC over every list for IVF-PQ; nothing for float32 indexes); and
 * <em>approximation</em>, that minus the index's nDCG@10. The two sum to the total loss by
 * construction. With exact float rescoring the approximation term can be negative (rescoring
 * undoes part of the compression loss).
 *
 * <p>Configurations that share build parameters (differing only in the query-time effort: HNSW
 * candidates, IVF nprobe) share one built index.
 */
public final class AnnTuner {

  /**
   * A data set: corpus and query vectors with ids, and qrels.
   *
   * @param name shown in reports
   */
  public record Data(String name, String[] docIds, float[][] docVectors, String[] queryIds, float[][] queryVectors,
      Qrels qrels) {
    /** Checks lengths. */
    public Data {
      if (docIds.length != docVectors.length || queryIds.length != queryVectors.length) {
        throw new IllegalArgumentException("ids and vectors must have one entry each; docs " + docIds.length + "/"
            + docVectors.length + ", queries " + queryIds.length + "/" + queryVectors.length);
      }
    }
  }

  /** One point of a grid: how to build the index and the query-time effort. */
  public sealed interface Config permits Hnsw, JVector, Ivf {
    /** A short label, e.g. {@code hnsw(M=16,beam=100,ef=64)}. */
    String label();

    /** Configurations with equal build keys share one index. */
    String buildKey();

    /** Query-time effort passed to {@link AnnRetriever#search(Queries, int, int)}. */
    int effort();

    /** Builds the index (effort as default) searched with {@code threads}. */
    AnnRetriever build(String[] ids, float[][] vectors, int threads) throws IOException;
  }

  /**
   * Lucene HNSW in memory.
   *
   * @param maxConn M
   * @param beamWidth efConstruction
   * @param candidates efSearch analogue
   * @param scalarQuantized 7-bit scalar-quantised graph search
   * @param rescore rescore candidates with the float vectors (free for float32; for the quantised
   *     format it keeps the float vectors in the search's memory)
   */
  public record Hnsw(int maxConn, int beamWidth, int candidates, boolean scalarQuantized, boolean rescore)
      implements Config {
    /** Float32 rescored exactly (no extra memory); quantised scored by Lucene's quantised scores. */
    public Hnsw(int maxConn, int beamWidth, int candidates, boolean scalarQuantized) {
      this(maxConn, beamWidth, candidates, scalarQuantized, !scalarQuantized);
    }

    @Override
    public String label() {
      return "hnsw" + (scalarQuantized ? "-sq7" + (rescore ? "+rescore" : "") : "") + "(M=" + maxConn + ",beam="
          + beamWidth + ",ef=" + candidates + ")";
    }

    @Override
    public String buildKey() {
      return "hnsw/" + maxConn + "/" + beamWidth + "/" + scalarQuantized + "/" + rescore;
    }

    @Override
    public int effort() {
      return candidates;
    }

    @Override
    public AnnRetriever build(String[] ids, float[][] vectors, int threads) throws IOException {
      return LuceneHnswRetriever.builder().maxConn(maxConn).beamWidth(beamWidth).candidates(candidates)
          .scalarQuantized(scalarQuantized).rescore(rescore).threads(threads).build(ids, vectors);
    }
  }

  /**
   * jvector's graph in memory ({@link JVectorRetriever}: degree {@code 2·M} as HNSW's bottom layer,
   * float32, candidates rescored exactly).
   *
   * @param maxConn M
   * @param beamWidth efConstruction
   * @param candidates efSearch
   */
  public record JVector(int maxConn, int beamWidth, int candidates) implements Config {
    @Override
    public String label() {
      return "jvector(M=" + maxConn + ",beam=" + beamWidth + ",ef=" + candidates + ")";
    }

    @Override
    public String buildKey() {
      return "jvector/" + maxConn + "/" + beamWidth;
    }

    @Override
    public int effort() {
      return candidates;
    }

    @Override
    public AnnRetriever build(String[] ids, float[][] vectors, int threads) {
      return JVectorRetriever.builder().maxConn(maxConn).beamWidth(beamWidth).candidates(candidates)
          .threads(threads).build(ids, vectors);
    }
  }

  /**
   * IVF.
   *
   * @param nlist lists (power of two, 2..256)
   * @param nprobe lists probed
   * @param pqSubspaces PQ sub-spaces, 0 for flat float32 lists
   * @param pqBits bits per PQ code (ignored when flat)
   * @param rescore PQ candidates rescored exactly, 0 for none
   */
  public record Ivf(int nlist, int nprobe, int pqSubspaces, int pqBits, int rescore) implements Config {
    @Override
    public String label() {
      return "ivf" + (pqSubspaces > 0 ? "-pq" + pqSubspaces + "x" + pqBits : "-flat") + "(nlist=" + nlist
          + ",nprobe=" + nprobe + (pqSubspaces > 0 && rescore > 0 ? ",rescore=" + rescore : "") + ")";
    }

    @Override
    public String buildKey() {
      return "ivf/" + nlist + "/" + pqSubspaces + "/" + (pqSubspaces > 0 ? pqBits + "/" + rescore : "");
    }

    @Override
    public int effort() {
      return nprobe;
    }

    @Override
    public AnnRetriever build(String[] ids, float[][] vectors, int threads) {
      IvfRetriever.Builder b = IvfRetriever.builder().nlist(nlist).nprobe(nprobe).threads(threads);
      if (pqSubspaces > 0) {
        b.pqSubspaces(pqSubspaces).pqBits(pqBits).rescore(rescore);
      }
      return b.build(ids, vectors);
    }
  }

  /**
   * The measurements of one configuration.
   *
   * @param config the configuration
   * @param ndcg10 nDCG@10 on the qrels
   * @param recallQrels Recall@k on the qrels
   * @param recallVsExact mean over queries of the share of exact search's top k found
   * @param ndcg10ExactOnCompressed nDCG@10 of exhaustive search in the compressed representation
   *     ({@link AnnRetriever#exactOnCompressed}; = the exact float nDCG@10 for uncompressed indexes)
   * @param exactNdcg10 nDCG@10 of exact float32 search
   * @param latency per-query latency of the timed pass
   * @param buildMillis index build time
   * @param memoryBytes bytes held for search ({@link dev.embedlab.core.retrieval.Retriever.Description#memoryBytes()})
   */
  public record Point(Config config, double ndcg10, double recallQrels, double recallVsExact,
      double ndcg10ExactOnCompressed, double exactNdcg10, LatencyStats latency, double buildMillis,
      long memoryBytes) {
    /** nDCG@10 lost to the codec: exact float search minus exhaustive search over the codes. */
    public double compressionLoss() {
      return exactNdcg10 - ndcg10ExactOnCompressed;
    }

    /** nDCG@10 lost to the approximate search: exhaustive search over the codes minus the index. */
    public double approximationLoss() {
      return ndcg10ExactOnCompressed - ndcg10;
    }

    /** Total nDCG@10 lost against exact float32 search (= compression + approximation). */
    public double totalLoss() {
      return exactNdcg10 - ndcg10;
    }

    /** Whether this point is at least as good as {@code o} in every objective and better in one. */
    public boolean dominates(Point o) {
      boolean noWorse = ndcg10 >= o.ndcg10 && latency.p50Millis() <= o.latency.p50Millis()
          && memoryBytes <= o.memoryBytes;
      boolean better = ndcg10 > o.ndcg10 || latency.p50Millis() < o.latency.p50Millis()
          || memoryBytes < o.memoryBytes;
      return noWorse && better;
    }
  }

  /** What "cheapest" minimises first. */
  public enum Cost {
    /** p50 latency, then memory. */
    LATENCY,
    /** Memory, then p50 latency. */
    MEMORY
  }

  /**
   * A sweep's outcome.
   *
   * @param data the data set's name
   * @param k the recall cut-off
   * @param exactNdcg10 nDCG@10 of exact float32 search
   * @param exactRecallQrels Recall@k on the qrels of exact search
   * @param points one per configuration, in the order given
   * @param pareto the non-dominated points, in the order given
   * @param target the nDCG@10 a configuration had to reach ({@code targetFraction × exactNdcg10})
   * @param chosen the cheapest point reaching the target, if any
   */
  public record Result(String data, int k, double exactNdcg10, double exactRecallQrels, List<Point> points,
      List<Point> pareto, double target, Optional<Point> chosen) {

    /** A fixed-width table of every point (Pareto points marked {@code *}, the chosen one {@code >}). */
    public String table() {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT, "%s: exact float32 nDCG@10=%.4f Recall@%d=%.4f; target nDCG@10 >= %.4f%n",
          data, exactNdcg10, k, exactRecallQrels, target));
      sb.append(String.format(Locale.ROOT, "  %-44s %8s %8s %8s %8s %8s %9s %9s %9s %9s%n", "configuration", "nDCG@10",
          "R@" + k + "qrel", "R@" + k + "exact", "p50 ms", "p95 ms", "build ms", "mem MiB", "compLoss", "approxLoss"));
      for (Point p : points) {
        String mark = chosen.isPresent() && chosen.get() == p ? ">" : pareto.contains(p) ? "*" : " ";
        sb.append(String.format(Locale.ROOT, "%s %-44s %8.4f %8.4f %8.4f %8.3f %8.3f %9.0f %9.2f %+9.4f %+9.4f%n",
            mark, p.config().label(), p.ndcg10(), p.recallQrels(), p.recallVsExact(), p.latency().p50Millis(),
            p.latency().p95Millis(), p.buildMillis(), p.memoryBytes() / (1024.0 * 1024.0), p.compressionLoss(),
            p.approximationLoss()));
      }
      sb.append(chosen.map(p -> String.format(Locale.ROOT,
          "chosen: %s (nDCG@10 %.4f = %.2f%% of exact; loss %.4f = compression %.4f + approximation %.4f)%n",
          p.config().label(), p.ndcg10(), 100 * p.ndcg10() / exactNdcg10, p.totalLoss(), p.compressionLoss(),
          p.approximationLoss())).orElse("chosen: none reaches the target\n"));
      return sb.toString();
    }
  }

  private final int k;
  private final int threads;
  private final double targetFraction;
  private final int warmupQueries;
  private final Cost cost;

  private AnnTuner(Builder b) {
    this.k = b.k;
    this.threads = b.threads;
    this.targetFraction = b.targetFraction;
    this.warmupQueries = b.warmupQueries;
    this.cost = b.cost;
  }

  /** A builder: k=10, one search thread, target 0.99 of exact nDCG@10, 50 warm-up queries, cost = latency. */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures an {@link AnnTuner}. */
  public static final class Builder {
    private int k = 10;
    private int threads = 1;
    private double targetFraction = 0.99;
    private int warmupQueries = 50;
    private Cost cost = Cost.LATENCY;

    private Builder() {}

    /** Recall cut-off and hits retrieved (at least 10, for nDCG@10); default 10. */
    public Builder k(int k) {
      this.k = Checks.atLeast("k", k, 1);
      return this;
    }

    /** Threads each index searches a batch with (and IVF trains with); default 1. */
    public Builder threads(int t) {
      this.threads = Checks.atLeast("threads", t, 1);
      return this;
    }

    /** Share of exact nDCG@10 the chosen configuration must keep, in (0, 1]; default 0.99. */
    public Builder targetFraction(double f) {
      if (!(f > 0 && f <= 1)) {
        throw new IllegalArgumentException("targetFraction must be in (0, 1]; targetFraction=" + f);
      }
      this.targetFraction = f;
      return this;
    }

    /** Queries searched once, untimed, before the timed pass; default 50. */
    public Builder warmupQueries(int n) {
      this.warmupQueries = Checks.atLeast("warmupQueries", n, 0);
      return this;
    }

    /** What "cheapest" minimises first; default latency. */
    public Builder cost(Cost c) {
      this.cost = Checks.notNull("cost", c);
      return this;
    }

    /** The tuner. */
    public AnnTuner build() {
      return new AnnTuner(this);
    }
  }

  /**
   * Builds, searches and measures every configuration.
   *
   * @throws IllegalArgumentException for an empty grid or an index that rejects the data
   * @throws IOException when an index cannot be built
   */
  public Result tune(Data data, List<? extends Config> grid) throws IOException {
    if (grid == null || grid.isEmpty()) {
      throw new IllegalArgumentException("grid must hold >= 1 configuration; grid=" + grid);
    }
    int depth = Math.max(10, k);
    Measure ndcg = Measure.ndcg(10);
    Measure recall = Measure.recall(k);
    RankingEvaluator eval = RankingEvaluator.of(ndcg, recall);
    ExactSearch exact = ExactSearch.builder().k(depth).build();
    Run exactRun = Run.of(exact.search(data.queryVectors(), data.queryIds(), data.docVectors(), data.docIds()));
    EvaluationResult exactEval = eval.evaluate(data.qrels(), exactRun);
    double exactNdcg = exactEval.mean(ndcg);
    Queries queries = Queries.ofVectors(data.queryIds(), data.queryVectors());
    Queries warm = warmupQueries == 0 ? null : Queries.ofVectors(
        java.util.Arrays.copyOf(data.queryIds(), Math.min(warmupQueries, data.queryIds().length)),
        java.util.Arrays.copyOf(data.queryVectors(), Math.min(warmupQueries, data.queryVectors().length)));

    Map<String, List<Config>> groups = new LinkedHashMap<>();
    for (Config c : grid) {
      groups.computeIfAbsent(c.buildKey(), x -> new ArrayList<>()).add(c);
    }
    Map<Config, Point> byConfig = new LinkedHashMap<>();
    for (List<Config> group : groups.values()) {
      try (AnnRetriever index = group.get(0).build(data.docIds(), data.docVectors(), threads)) {
        var d = index.describe();
        List<Ranking> onCodes = index.exactOnCompressed(queries, depth);
        double onCompressed = onCodes == null ? exactNdcg : eval.evaluate(data.qrels(), toRun(onCodes)).mean(ndcg);
        for (Config c : group) {
          if (warm != null && warm.size() > 0) {
            index.search(warm, depth, c.effort());
          }
          List<Ranking> got = index.search(queries, depth, c.effort());
          LatencyStats lat = index.lastLatency();
          Run run = toRun(got);
          EvaluationResult e = eval.evaluate(data.qrels(), run);
          byConfig.put(c, new Point(c, e.mean(ndcg), e.mean(recall), recallAgainst(exactRun, got, k), onCompressed,
              exactNdcg, lat, d.buildMillis(), d.memoryBytes()));
        }
      }
    }
    List<Point> points = new ArrayList<>();
    for (Config c : grid) {
      points.add(byConfig.get(c));
    }
    double target = targetFraction * exactNdcg;
    return new Result(data.name(), k, exactNdcg, exactEval.mean(recall), List.copyOf(points), paretoFront(points),
        target, cheapest(points, target, cost));
  }

  /** The points no other point dominates (nDCG@10 up, p50 latency down, memory down), in input order. */
  public static List<Point> paretoFront(List<Point> points) {
    List<Point> front = new ArrayList<>();
    for (Point p : points) {
      boolean dominated = false;
      for (Point o : points) {
        if (o != p && o.dominates(p)) {
          dominated = true;
          break;
        }
      }
      if (!dominated) {
        front.add(p);
      }
    }
    return List.copyOf(front);
  }

  /**
   * The cheapest point with {@code ndcg10 >= minNdcg10}: least {@code cost} first, then the other
   * cost, then the higher nDCG@10, then the label.
   */
  public static Optional<Point> cheapest(List<Point> points, double minNdcg10, Cost cost) {
    Comparator<Point> byLatency = Comparator.comparingDouble(p -> p.latency().p50Millis());
    Comparator<Point> byMemory = Comparator.comparingLong(Point::memoryBytes);
    Comparator<Point> order = (cost == Cost.LATENCY ? byLatency.thenComparing(byMemory) : byMemory.thenComparing(byLatency))
        .thenComparing(Comparator.comparingDouble(Point::ndcg10).reversed())
        .thenComparing(p -> p.config().label());
    return points.stream().filter(p -> p.ndcg10() >= minNdcg10).min(order);
  }

  /** A rankings batch as an eval {@link Run}. */
  public static Run toRun(List<Ranking> rankings) {
    Map<String, List<ScoredDoc>> m = new LinkedHashMap<>();
    for (Ranking r : rankings) {
      List<ScoredDoc> l = new ArrayList<>(r.size());
      for (int i = 0; i < r.size(); i++) {
        l.add(new ScoredDoc(r.docId(i), r.score(i)));
      }
      m.put(r.queryId(), l);
    }
    return Run.of(m);
  }

  /** Mean over queries of the share of the exact top k found in the approximate top k. */
  static double recallAgainst(Run exact, List<Ranking> got, int k) {
    double sum = 0;
    int n = 0;
    for (Ranking r : got) {
      List<ScoredDoc> want = exact.ranked(r.queryId());
      int w = Math.min(k, want.size());
      if (w == 0) {
        continue;
      }
      Set<String> ws = new HashSet<>();
      for (int i = 0; i < w; i++) {
        ws.add(want.get(i).docId());
      }
      int hit = 0;
      for (int i = 0; i < Math.min(k, r.size()); i++) {
        if (ws.contains(r.docId(i))) {
          hit++;
        }
      }
      sum += (double) hit / w;
      n++;
    }
    return n == 0 ? 1 : sum / n;
  }

  /** The HNSW grid: every combination (float32 rescored exactly, quantised with Lucene's scores). */
  public static List<Config> hnswGrid(int[] maxConn, int[] beamWidth, int[] candidates, boolean... scalarQuantized) {
    List<Config> l = new ArrayList<>();
    for (boolean sq : scalarQuantized) {
      for (int m : maxConn) {
        for (int b : beamWidth) {
          for (int c : candidates) {
            l.add(new Hnsw(m, b, c, sq));
          }
        }
      }
    }
    return l;
  }

  /** The jvector grid: every combination of M, efConstruction and efSearch. */
  public static List<Config> jvectorGrid(int[] maxConn, int[] beamWidth, int[] candidates) {
    List<Config> l = new ArrayList<>();
    for (int m : maxConn) {
      for (int b : beamWidth) {
        for (int c : candidates) {
          l.add(new JVector(m, b, c));
        }
      }
    }
    return l;
  }

  /** The IVF grid: every combination ({@code pqSubspaces} 0 = flat); PQ uses {@code pqBits} and {@code rescore}. */
  public static List<Config> ivfGrid(int[] nlist, int[] nprobe, int[] pqSubspaces, int pqBits, int rescore) {
    List<Config> l = new ArrayList<>();
    for (int m : pqSubspaces) {
      for (int n : nlist) {
        for (int p : nprobe) {
          if (p <= n) {
            l.add(new Ivf(n, p, m, pqBits, m > 0 ? rescore : 0));
          }
        }
      }
    }
    return l;
  }
}

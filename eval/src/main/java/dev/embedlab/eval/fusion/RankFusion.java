package dev.embedlab.eval.fusion;

import dev.embedlab.core.Checks;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.data.Run;
import dev.embedlab.data.ScoredDoc;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Fuses several {@link Run}s over the same queries into one.
 *
 * <h2>Reciprocal rank fusion ({@link Method#RRF})</h2>
 * <pre>  score(q, d) = Σ_r w_r / (k + rank_r(q, d))</pre>
 * where {@code rank_r} is the 1-based position of {@code d} in run r's list for q in trec_eval order
 * (score descending, ties by document id descending — the order {@link Run} holds), and a document
 * absent from run r contributes nothing. Cormack, Clarke &amp; Büttcher, "Reciprocal Rank Fusion
 * outperforms Condorcet and individual Rank Learning Methods", SIGIR 2009 ({@code k = 60}); the same
 * formula as ranx's {@code rrf} and Elasticsearch/OpenSearch hybrid RRF (weights default to 1).
 *
 * <h2>Weighted score fusion ({@link Method#SCORE})</h2>
 * <pre>  score(q, d) = Σ_r w_r · norm_r(q, d)</pre>
 * with {@code norm} a {@link ScoreNormalization} (min-max or z-score) computed per run and per query
 * over the documents that run returned (CombSUM; with min-max this is the "convex combination" of
 * hybrid search when weights sum to 1). Absent documents contribute as the normalisation documents.
 *
 * <p>Before fusing, each input list can be cut to its first {@link Builder#inputDepth(int)} documents;
 * the fused list of each query is cut to {@link Builder#depth(int)} in trec_eval order. The fused run
 * covers the union of the input runs' queries (first-seen order). Instances are immutable.
 */
public final class RankFusion {
  /** The usual RRF constant (Cormack et al. 2009). */
  public static final double DEFAULT_RRF_K = 60;
  /** Default fused list length. */
  public static final int DEFAULT_DEPTH = 1000;

  /** Fusion family. */
  public enum Method {
    /** Reciprocal rank fusion. */
    RRF,
    /** Weighted sum of normalised scores. */
    SCORE
  }

  private final Method method;
  private final double rrfK;
  private final ScoreNormalization normalization;
  private final double[] weights; // null: all 1
  private final int depth;
  private final int inputDepth;

  private RankFusion(Builder b) {
    this.method = b.method;
    this.rrfK = b.rrfK;
    this.normalization = b.normalization;
    this.weights = b.weights == null ? null : b.weights.clone();
    this.depth = b.depth;
    this.inputDepth = b.inputDepth;
  }

  /** RRF with k = 60, weights 1, depth 1000. */
  public static Builder rrf() {
    return new Builder(Method.RRF, ScoreNormalization.NONE);
  }

  /** Weighted score fusion with the given normalisation, weights 1, depth 1000. */
  public static Builder weighted(ScoreNormalization normalization) {
    Checks.notNull("normalization", normalization);
    return new Builder(Method.SCORE, normalization);
  }

  /** Configures a {@link RankFusion}. */
  public static final class Builder {
    private final Method method;
    private final ScoreNormalization normalization;
    private double rrfK = DEFAULT_RRF_K;
    private double[] weights;
    private int depth = DEFAULT_DEPTH;
    private int inputDepth = Integer.MAX_VALUE;

    private Builder(Method method, ScoreNormalization normalization) {
      this.method = method;
      this.normalization = normalization;
    }

    /** RRF's k; finite and ≥ 0 (RRF only). */
    public Builder k(double k) {
      if (method != Method.RRF) {
        throw new IllegalStateException("k applies to RRF only; method=" + method);
      }
      if (!Double.isFinite(k) || k < 0) {
        throw new IllegalArgumentException("k must be finite and >= 0; k=" + k);
      }
      this.rrfK = k;
      return this;
    }

    /** One weight per run, in the order runs are passed to {@link #fuse}; finite and ≥ 0. */
    public Builder weights(double... weights) {
      if (weights == null || weights.length == 0) {
        throw new IllegalArgumentException("weights must be non-empty");
      }
      for (int i = 0; i < weights.length; i++) {
        if (!Double.isFinite(weights[i]) || weights[i] < 0) {
          throw new IllegalArgumentException(
              "weights must be finite and >= 0; weights[" + i + "]=" + weights[i]);
        }
      }
      this.weights = weights.clone();
      return this;
    }

    /** Fused list length per query; ≥ 1. */
    public Builder depth(int depth) {
      this.depth = Checks.atLeast("depth", depth, 1);
      return this;
    }

    /** Cut each input list to its first n documents before fusing; ≥ 1 (default: no cut). */
    public Builder inputDepth(int n) {
      this.inputDepth = Checks.atLeast("inputDepth", n, 1);
      return this;
    }

    /** The fusion. */
    public RankFusion build() {
      return new RankFusion(this);
    }
  }

  /** Fuses runs (varargs form of {@link #fuse(List)}). */
  public Run fuse(Run... runs) {
    Checks.notNull("runs", runs);
    return fuse(Arrays.asList(runs));
  }

  /**
   * Fuses {@code runs}.
   *
   * @throws IllegalArgumentException with no runs, a null run, or a weight count different from the
   *     run count
   */
  public Run fuse(List<Run> runs) {
    checkInputs(runs, "runs");
    Set<String> qids = new LinkedHashSet<>();
    for (Run r : runs) {
      qids.addAll(r.queryIds());
    }
    Map<String, List<ScoredDoc>> out = new LinkedHashMap<>();
    for (String q : qids) {
      List<List<ScoredDoc>> lists = new ArrayList<>(runs.size());
      for (Run r : runs) {
        lists.add(r.ranked(q));
      }
      out.put(q, fuseQuery(lists));
    }
    return Run.of(out);
  }

  /**
   * Fuses the rankings several retrievers returned for the same queries, without a {@link Run}:
   * the same fusion as {@link #fuse(List)} of their runs.
   *
   * @param inputs one list of rankings per retriever (a query may be missing from one)
   * @param queryIds the queries to fuse, in output order
   * @return one ranking per query of {@code queryIds} (empty when no input ranked it)
   * @throws IllegalArgumentException with no inputs, a null input, a query ranked twice by one
   *     input, or a weight count different from the input count
   */
  public List<Ranking> fuseRankings(List<List<Ranking>> inputs, String[] queryIds) {
    checkInputs(inputs, "inputs");
    List<Map<String, Ranking>> byQuery = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      Map<String, Ranking> m = new HashMap<>(inputs.get(i).size() * 2);
      for (Ranking r : inputs.get(i)) {
        if (m.put(r.queryId(), r) != null) {
          throw new IllegalArgumentException("inputs[" + i + "] ranks query " + r.queryId() + " twice");
        }
      }
      byQuery.add(m);
    }
    List<Ranking> out = new ArrayList<>(queryIds.length);
    for (String q : queryIds) {
      List<List<ScoredDoc>> lists = new ArrayList<>(inputs.size());
      for (Map<String, Ranking> m : byQuery) {
        Ranking r = m.get(q);
        List<ScoredDoc> l = new ArrayList<>(r == null ? 0 : r.size());
        for (int j = 0; r != null && j < r.size(); j++) {
          l.add(new ScoredDoc(r.docId(j), r.score(j)));
        }
        lists.add(l);
      }
      List<ScoredDoc> fused = fuseQuery(lists);
      String[] ids = new String[fused.size()];
      double[] scores = new double[fused.size()];
      for (int j = 0; j < ids.length; j++) {
        ids[j] = fused.get(j).docId();
        scores[j] = fused.get(j).score();
      }
      out.add(new Ranking(q, ids, scores));
    }
    return out;
  }

  private void checkInputs(List<?> inputs, String name) {
    if (inputs == null || inputs.isEmpty()) {
      throw new IllegalArgumentException("need at least one run; " + name + "=" + inputs);
    }
    for (int i = 0; i < inputs.size(); i++) {
      if (inputs.get(i) == null) {
        throw new IllegalArgumentException(name + "[" + i + "] is null");
      }
    }
    if (weights != null && weights.length != inputs.size()) {
      throw new IllegalArgumentException("need one weight per run; weights=" + weights.length
          + ", " + name + "=" + inputs.size());
    }
  }

  /** One query's fused list (trec_eval order, at most {@code depth}) of one ranked list per input. */
  private List<ScoredDoc> fuseQuery(List<List<ScoredDoc>> lists) {
    Map<String, Double> fused = new HashMap<>();
    double absentTotal = 0;
    for (int r = 0; r < lists.size(); r++) {
      double w = weights == null ? 1 : weights[r];
      List<ScoredDoc> list = lists.get(r);
      if (list.size() > inputDepth) {
        list = list.subList(0, inputDepth);
      }
      if (method == Method.RRF) {
        for (int i = 0; i < list.size(); i++) {
          fused.merge(list.get(i).docId(), w / (rrfK + i + 1), Double::sum);
        }
      } else {
        double[] norm = normalise(list, normalization);
        double absent = absentValue(norm, normalization);
        // a doc absent from run r gets w·absent; add it to everyone now, then replace it for the
        // docs this run did retrieve (keeps the loop linear in the list sizes)
        absentTotal += w * absent;
        for (int i = 0; i < list.size(); i++) {
          fused.merge(list.get(i).docId(), w * (norm[i] - absent), Double::sum);
        }
      }
    }
    List<ScoredDoc> docs = new ArrayList<>(fused.size());
    for (Map.Entry<String, Double> e : fused.entrySet()) {
      docs.add(new ScoredDoc(e.getKey(), e.getValue() + absentTotal));
    }
    docs.sort(ScoredDoc.TREC_ORDER);
    return docs.size() <= depth ? docs : new ArrayList<>(docs.subList(0, depth));
  }

  /** Normalised scores of one list (see {@link ScoreNormalization}), in list order. */
  static double[] normalise(List<ScoredDoc> list, ScoreNormalization n) {
    double[] s = new double[list.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = list.get(i).score();
    }
    if (s.length == 0 || n == ScoreNormalization.NONE) {
      return s;
    }
    if (n == ScoreNormalization.MIN_MAX) {
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (double v : s) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      double range = max - min;
      for (int i = 0; i < s.length; i++) {
        s[i] = range > 0 ? (s[i] - min) / range : 1.0;
      }
      return s;
    }
    double mean = 0;
    for (double v : s) {
      mean += v;
    }
    mean /= s.length;
    double var = 0;
    for (double v : s) {
      var += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(var / s.length);
    for (int i = 0; i < s.length; i++) {
      s[i] = sd > 0 ? (s[i] - mean) / sd : 0.0;
    }
    return s;
  }

  private static double absentValue(double[] norm, ScoreNormalization n) {
    if (n != ScoreNormalization.Z_SCORE || norm.length == 0) {
      return 0;
    }
    double min = Double.POSITIVE_INFINITY;
    for (double v : norm) {
      min = Math.min(min, v);
    }
    return min;
  }

  /** The method. */
  public Method method() {
    return method;
  }

  /** E.g. {@code rrf(k=60)}, {@code score(min_max;w=0.3,0.7)}. */
  public String id() {
    String w = weights == null ? "" : ";w=" + Arrays.toString(weights).replaceAll("[\\[\\] ]", "");
    if (method == Method.RRF) {
      return "rrf(k=" + fmt(rrfK) + w + ")";
    }
    return "score(" + normalization.name().toLowerCase(Locale.ROOT) + w + ")";
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  @Override
  public String toString() {
    return id();
  }
}

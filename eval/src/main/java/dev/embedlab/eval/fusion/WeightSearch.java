package dev.embedlab.eval.fusion;

import dev.embedlab.core.Checks;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.ensemble.EnsembleEmbedder;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.TopK;
import dev.embedlab.data.Qrels;
import dev.embedlab.data.Run;
import dev.embedlab.eval.metrics.EvaluationResult;
import dev.embedlab.eval.metrics.Measure;
import dev.embedlab.eval.metrics.RankingEvaluator;
import dev.embedlab.eval.search.ExactSearch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Searches the weights of a {@link EnsembleEmbedder.Mode#CONCAT} ensemble against relevance
 * judgments, from embeddings computed <em>once</em> per model.
 *
 * <p><b>Why no re-embedding is needed.</b> The concatenated ensemble scores a pair by
 * {@code Σ_m w_m·cos_m(q, d)} (see {@link EnsembleEmbedder}), so the per-model cosine matrices
 * {@code C_m = Q̂_m D̂_mᵀ} (rows L2-normalised) are computed once when this object is built, and each
 * weight vector costs one weighted sum of those matrices, a top-{@code depth} selection per query
 * with the library's one {@link TopK} (trec_eval order) and one evaluation. The matrices come from
 * {@link ExactSearch#scores} (blocked BLAS sgemm where ND4J's native backend loads). Rankings
 * are invariant to scaling the weights, so weights are reported normalised to sum 1.
 *
 * <p><b>Strategies.</b> {@link #grid(Qrels, int)}: every point of the simplex with coordinates in
 * multiples of {@code 1/steps} (C(steps+M−1, M−1) points: 11 for two models at steps 10, 286 for four).
 * {@link #coordinateAscent(Qrels, int, int)}: from equal weights, repeatedly sets one weight at a time
 * to its best value in {@code {0, 1/steps, …, 1}} (others fixed) until a round improves nothing.
 * Both return the whole curve (every evaluated point with its objective), not just the best point;
 * the objective is the mean of {@link Builder#measure(Measure)} over all qrels queries
 * ({@code trec_eval -c}). Ties in the objective keep the first point evaluated.
 *
 * <p><b>Overfitting.</b> Weights chosen on a set and reported on the same set are optimistic; choose
 * them on a train/dev split and report on test (the curve shows how flat the optimum is).
 *
 * <p>Memory: {@code M·|Q|·|D|} floats for the cosine matrices (SciFact test, 4 models: 25 MB).
 */
public final class WeightSearch {
  private final List<String> models;
  private final String[] queryIds;
  private final String[] docIds;
  private final float[][][] cos; // [model][query][doc]
  private final Measure measure;
  private final int depth;

  private WeightSearch(Builder b) {
    if (b.models.isEmpty()) {
      throw new IllegalArgumentException("need at least one model; models=0");
    }
    if (b.queryIds == null || b.docIds == null) {
      throw new IllegalArgumentException("queryIds and docIds must be set");
    }
    this.models = List.copyOf(b.models);
    this.queryIds = b.queryIds.clone();
    this.docIds = b.docIds.clone();
    this.measure = b.measure;
    this.depth = Math.min(b.depth, docIds.length);
    int nq = queryIds.length;
    int nd = docIds.length;
    this.cos = new float[models.size()][][];
    for (int m = 0; m < models.size(); m++) {
      float[][] qv = b.queryVectors.get(m);
      float[][] dv = b.docVectors.get(m);
      if (qv.length != nq) {
        throw new IllegalArgumentException(models.get(m) + ": query vectors must have one row per query id; rows="
            + qv.length + ", queryIds=" + nq);
      }
      if (dv.length != nd) {
        throw new IllegalArgumentException(models.get(m) + ": doc vectors must have one row per doc id; rows="
            + dv.length + ", docIds=" + nd);
      }
      int dim = dv.length > 0 ? dv[0].length : qv.length > 0 ? qv[0].length : 0;
      VectorUtil.checkRows(qv, dim);
      VectorUtil.checkRows(dv, dim);
      float[][] qn = new float[nq][];
      for (int i = 0; i < nq; i++) {
        qn[i] = VectorUtil.normalized(qv[i]);
      }
      float[][] dn = new float[nd][];
      for (int j = 0; j < nd; j++) {
        dn[j] = VectorUtil.normalized(dv[j]);
      }
      // One blocked matrix product per model (BLAS where available), not |Q|·|D| scalar dots.
      cos[m] = ExactSearch.builder().build().scores(qn, dn);
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String d : docIds) {
      if (!seen.add(d)) {
        throw new IllegalArgumentException("duplicate doc id=" + d);
      }
    }
  }

  /** A builder; add each model's query and document vectors once. */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures a {@link WeightSearch}. */
  public static final class Builder {
    private final List<String> models = new ArrayList<>();
    private final List<float[][]> queryVectors = new ArrayList<>();
    private final List<float[][]> docVectors = new ArrayList<>();
    private String[] queryIds;
    private String[] docIds;
    private Measure measure = Measure.ndcg(10);
    private int depth = 100;

    private Builder() {}

    /** Query ids, one per row of every model's query vectors. */
    public Builder queryIds(List<String> ids) {
      this.queryIds = ids.toArray(String[]::new);
      return this;
    }

    /** Document ids, one per row of every model's document vectors. */
    public Builder docIds(List<String> ids) {
      this.docIds = ids.toArray(String[]::new);
      return this;
    }

    /**
     * Adds a model's embeddings (need not be normalised; any dimension).
     *
     * @throws IllegalArgumentException on a null name or matrix
     */
    public Builder model(String name, float[][] queryVectors, float[][] docVectors) {
      if (name == null || queryVectors == null || docVectors == null) {
        throw new IllegalArgumentException("name, queryVectors and docVectors must not be null");
      }
      models.add(name);
      this.queryVectors.add(queryVectors);
      this.docVectors.add(docVectors);
      return this;
    }

    /** The objective; default nDCG@10. */
    public Builder measure(Measure m) {
      this.measure = Checks.notNull("measure", m);
      return this;
    }

    /** Documents kept per query in each evaluated run; ≥ 1, default 100. */
    public Builder depth(int depth) {
      this.depth = Checks.atLeast("depth", depth, 1);
      return this;
    }

    /** Computes the cosine matrices. */
    public WeightSearch build() {
      return new WeightSearch(this);
    }
  }

  /**
   * One evaluated weight vector.
   *
   * @param weights normalised to sum 1, in model order
   * @param value mean of the objective measure
   */
  public record Point(double[] weights, double value) {
    /** Copies the weights. */
    public Point {
      weights = weights.clone();
    }

    @Override
    public double[] weights() {
      return weights.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Point p && Arrays.equals(p.weights, weights)
          && Double.compare(p.value, value) == 0;
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(weights) + Double.hashCode(value);
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < weights.length; i++) {
        sb.append(i > 0 ? ", " : "").append(String.format(java.util.Locale.ROOT, "%.3f", weights[i]));
      }
      return sb.append("] -> ").append(String.format(java.util.Locale.ROOT, "%.4f", value)).toString();
    }
  }

  /**
   * A search's outcome.
   *
   * @param models model names, the order of every weight vector
   * @param measure the objective
   * @param curve every evaluated point, in evaluation order
   * @param best the point with the highest objective (first on ties)
   */
  public record Result(List<String> models, Measure measure, List<Point> curve, Point best) {
    /** Copies. */
    public Result {
      models = List.copyOf(models);
      curve = List.copyOf(curve);
    }
  }

  /** The models, in weight order. */
  public List<String> models() {
    return models;
  }

  /**
   * Evaluates every point of the simplex grid with spacing {@code 1/steps}.
   *
   * @throws IllegalArgumentException if {@code steps < 1}
   */
  public Result grid(Qrels qrels, int steps) {
    Checks.atLeast("steps", steps, 1);
    Evaluations ev = new Evaluations(qrels);
    int[] parts = new int[models.size()];
    compositions(parts, 0, steps, steps, ev);
    return ev.result();
  }

  private void compositions(int[] parts, int i, int left, int steps, Evaluations ev) {
    if (i == parts.length - 1) {
      parts[i] = left;
      double[] w = new double[parts.length];
      for (int m = 0; m < parts.length; m++) {
        w[m] = parts[m] / (double) steps;
      }
      ev.value(w);
      return;
    }
    for (int v = left; v >= 0; v--) {
      parts[i] = v;
      compositions(parts, i + 1, left - v, steps, ev);
    }
  }

  /**
   * Coordinate ascent from equal weights over the values {@code {0, 1/steps, …, 1}}.
   *
   * @throws IllegalArgumentException if {@code steps < 1} or {@code maxRounds < 1}
   */
  public Result coordinateAscent(Qrels qrels, int steps, int maxRounds) {
    Checks.atLeast("steps", steps, 1);
    Checks.atLeast("maxRounds", maxRounds, 1);
    Evaluations ev = new Evaluations(qrels);
    double[] w = new double[models.size()];
    Arrays.fill(w, 1.0 / models.size());
    double best = ev.value(w);
    for (int round = 0; round < maxRounds; round++) {
      boolean improved = false;
      for (int m = 0; m < w.length; m++) {
        double keep = w[m];
        double bestV = keep;
        for (int s = 0; s <= steps; s++) {
          w[m] = s / (double) steps;
          if (Arrays.stream(w).sum() <= 0) {
            continue;
          }
          double v = ev.value(w);
          if (v > best) {
            best = v;
            bestV = w[m];
            improved = true;
          }
        }
        w[m] = bestV;
      }
      if (!improved) {
        break;
      }
    }
    return ev.result();
  }

  /** Memoises evaluations by normalised weights and records the curve. */
  private final class Evaluations {
    private final Qrels qrels;
    private final RankingEvaluator evaluator = RankingEvaluator.of(measure);
    private final Map<String, Double> seen = new HashMap<>();
    private final List<Point> curve = new ArrayList<>();
    private Point best;

    Evaluations(Qrels qrels) {
      this.qrels = Checks.notNull("qrels", qrels);
    }

    double value(double[] raw) {
      double[] w = normalised(raw);
      String key = Arrays.toString(w);
      Double cached = seen.get(key);
      if (cached != null) {
        return cached;
      }
      double v = evaluator.evaluate(qrels, run(w)).mean(measure);
      seen.put(key, v);
      Point p = new Point(w, v);
      curve.add(p);
      if (best == null || v > best.value()) {
        best = p;
      }
      return v;
    }

    Result result() {
      return new Result(models, measure, curve, best);
    }
  }

  private static double[] normalised(double[] w) {
    double s = 0;
    for (double v : w) {
      if (!Double.isFinite(v) || v < 0) {
        throw new IllegalArgumentException("weights must be finite and >= 0; weights=" + Arrays.toString(w));
      }
      s += v;
    }
    if (!(s > 0)) {
      throw new IllegalArgumentException("at least one weight must be > 0; weights=" + Arrays.toString(w));
    }
    double[] out = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      // round to 12 digits so that 0.1+0.2-style sums give one memo key
      out[i] = Math.round(w[i] / s * 1e12) / 1e12;
    }
    return out;
  }

  /**
   * The run of the ensemble with these weights: top {@code depth} documents per query by
   * {@code Σ w_m cos_m}, in trec_eval order.
   *
   * @throws IllegalArgumentException on a wrong count, a negative or non-finite weight, or all zero
   */
  public Run run(double... weights) {
    if (weights == null || weights.length != models.size()) {
      throw new IllegalArgumentException("need one weight per model; weights="
          + (weights == null ? "null" : weights.length) + ", models=" + models.size());
    }
    normalised(weights); // validates
    int nd = docIds.length;
    double[] score = new double[nd];
    TopK top = new TopK(depth, docIds);
    List<Ranking> out = new ArrayList<>(queryIds.length);
    for (int q = 0; q < queryIds.length; q++) {
      Arrays.fill(score, 0);
      for (int m = 0; m < cos.length; m++) {
        double w = weights[m];
        if (w == 0) {
          continue;
        }
        float[] row = cos[m][q];
        for (int j = 0; j < nd; j++) {
          score[j] += w * row[j];
        }
      }
      top.clear();
      for (int j = 0; j < nd; j++) {
        top.offer(j, score[j]);
      }
      out.add(top.toRanking(queryIds[q]));
    }
    return Run.of(out);
  }

  /** Evaluates the ensemble with these weights on every measure of {@code evaluator}. */
  public EvaluationResult evaluate(Qrels qrels, RankingEvaluator evaluator, double... weights) {
    return evaluator.evaluate(qrels, run(weights));
  }
}

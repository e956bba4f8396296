package dev.embedlab.eval.metrics;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Per-query values and means of several ranking measures, immutable.
 *
 * <p>The mean of a measure is the arithmetic mean of its per-query values over {@link #queryIds()},
 * which {@link #averaging()} defines. Arrays are copied in and out.
 */
public final class EvaluationResult {
  private final List<Measure> measures;
  private final List<String> queryIds;
  private final Averaging averaging;
  private final double[][] values; // [measure][query]
  private final double[] means;
  private final Map<String, Integer> queryIndex;
  private final Map<Measure, Integer> measureIndex;

  /**
   * @param measures the measures, distinct
   * @param queryIds the queries averaged over, distinct
   * @param averaging how {@code queryIds} were chosen
   * @param values {@code values[m][q]} = value of measure m for query q (copied)
   */
  public EvaluationResult(List<Measure> measures, List<String> queryIds, Averaging averaging, double[][] values) {
    this.measures = List.copyOf(measures);
    this.queryIds = List.copyOf(queryIds);
    this.averaging = Objects.requireNonNull(averaging, "averaging");
    if (values.length != this.measures.size()) {
      throw new IllegalArgumentException("values rows must equal measures; " + values.length + "!=" + measures.size());
    }
    this.values = new double[values.length][];
    this.means = new double[values.length];
    this.measureIndex = new HashMap<>();
    for (int m = 0; m < values.length; m++) {
      if (values[m].length != this.queryIds.size()) {
        throw new IllegalArgumentException("values columns must equal queries; " + values[m].length + "!="
            + this.queryIds.size() + " for " + this.measures.get(m));
      }
      if (measureIndex.put(this.measures.get(m), m) != null) {
        throw new IllegalArgumentException("duplicate measure " + this.measures.get(m));
      }
      this.values[m] = values[m].clone();
      double s = 0.0;
      for (double v : values[m]) {
        s += v;
      }
      this.means[m] = this.queryIds.isEmpty() ? 0.0 : s / this.queryIds.size();
    }
    this.queryIndex = new HashMap<>();
    for (int q = 0; q < this.queryIds.size(); q++) {
      if (queryIndex.put(this.queryIds.get(q), q) != null) {
        throw new IllegalArgumentException("duplicate query id " + this.queryIds.get(q));
      }
    }
  }

  /** @return the measures, in the order requested */
  public List<Measure> measures() {
    return measures;
  }

  /** @return the queries averaged over, in qrels order */
  public List<String> queryIds() {
    return queryIds;
  }

  /** @return the number of queries averaged over */
  public int numQueries() {
    return queryIds.size();
  }

  /** @return the averaging convention */
  public Averaging averaging() {
    return averaging;
  }

  private int index(Measure m) {
    Integer i = measureIndex.get(m);
    if (i == null) {
      throw new IllegalArgumentException("measure " + m + " was not evaluated; evaluated: " + measures);
    }
    return i;
  }

  /** @return the mean of {@code m} over {@link #queryIds()} (0 when there are no queries) */
  public double mean(Measure m) {
    return means[index(m)];
  }

  /** @return the value of {@code m} for {@code qid} */
  public double value(Measure m, String qid) {
    Integer q = queryIndex.get(qid);
    if (q == null) {
      throw new IllegalArgumentException("query " + qid + " is not in this result (averaging=" + averaging + ")");
    }
    return values[index(m)][q];
  }

  /** @return per-query values of {@code m}, aligned with {@link #queryIds()} (a copy) */
  public double[] values(Measure m) {
    return values[index(m)].clone();
  }

  /** @return query id → value of {@code m}, in {@link #queryIds()} order (unmodifiable) */
  public Map<String, Double> perQuery(Measure m) {
    double[] v = values[index(m)];
    Map<String, Double> out = new LinkedHashMap<>();
    for (int q = 0; q < v.length; q++) {
      out.put(queryIds.get(q), v[q]);
    }
    return Collections.unmodifiableMap(out);
  }

  /** @return measure → mean, in measure order (unmodifiable) */
  public Map<Measure, Double> means() {
    Map<Measure, Double> out = new LinkedHashMap<>();
    for (int m = 0; m < measures.size(); m++) {
      out.put(measures.get(m), means[m]);
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * The per-query values and means in {@code trec_eval -q} text form: one line per query and
   * measure ({@code name<pad to 22>\tqid\tvalue}), queries in {@link #queryIds()} order, then the
   * {@code all} lines; values with 4 decimals rounded half-to-even on the exact binary value, as C
   * {@code printf("%.4f")} prints them. Measures trec_eval also has print identically to trec_eval
   * (checked against the shared oracle); {@code mrr_cut_k} is trec_eval's {@code -M k recip_rank}.
   */
  public String toTrecEvalFormat() {
    StringBuilder sb = new StringBuilder();
    for (int q = 0; q <= queryIds.size(); q++) {
      String qid = q < queryIds.size() ? queryIds.get(q) : "all";
      for (int m = 0; m < measures.size(); m++) {
        double v = q < queryIds.size() ? values[m][q] : means[m];
        String name = measures.get(m).name();
        sb.append(name);
        for (int i = name.length(); i < 22; i++) {
          sb.append(' ');
        }
        sb.append('\t').append(qid).append('\t')
            .append(new java.math.BigDecimal(v).setScale(4, java.math.RoundingMode.HALF_EVEN).toPlainString())
            .append('\n');
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("EvaluationResult[").append(queryIds.size()).append(" queries, ")
        .append(averaging);
    for (int m = 0; m < measures.size(); m++) {
      sb.append(", ").append(measures.get(m).name()).append('=').append(String.format(java.util.Locale.ROOT, "%.4f", means[m]));
    }
    return sb.append(']').toString();
  }
}

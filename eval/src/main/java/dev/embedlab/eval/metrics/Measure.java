package dev.embedlab.eval.metrics;

import dev.embedlab.core.Checks;
import java.util.Locale;
import java.util.Objects;

/**
 * A ranking measure and its cut-off, named as trec_eval names it where trec_eval has the measure.
 *
 * <table>
 * <caption>measures, names and the reference each matches</caption>
 * <tr><th>factory</th><th>{@link #name()}</th><th>{@link #label()}</th><th>matches</th></tr>
 * <tr><td>{@code ndcg(k)}</td><td>{@code ndcg_cut_k}</td><td>nDCG@k</td><td>trec_eval {@code ndcg_cut.k}</td></tr>
 * <tr><td>{@code ndcg()}</td><td>{@code ndcg}</td><td>nDCG</td><td>trec_eval {@code ndcg} (no cut)</td></tr>
 * <tr><td>{@code recall(k)}</td><td>{@code recall_k}</td><td>Recall@k</td><td>trec_eval {@code recall.k}</td></tr>
 * <tr><td>{@code precision(k)}</td><td>{@code P_k}</td><td>P@k</td><td>trec_eval {@code P.k}</td></tr>
 * <tr><td>{@code mrr(k)}</td><td>{@code mrr_cut_k}</td><td>MRR@k</td><td>trec_eval {@code -M k -m recip_rank}</td></tr>
 * <tr><td>{@code mrr()}</td><td>{@code recip_rank}</td><td>MRR</td><td>trec_eval {@code recip_rank}</td></tr>
 * <tr><td>{@code map()}</td><td>{@code map}</td><td>MAP</td><td>trec_eval {@code map}</td></tr>
 * <tr><td>{@code map(k)}</td><td>{@code map_cut_k}</td><td>MAP@k</td><td>trec_eval {@code map_cut.k}</td></tr>
 * <tr><td>{@code hitRate(k)}</td><td>{@code success_k}</td><td>Hit@k</td><td>trec_eval {@code success.k}</td></tr>
 * <tr><td>{@code rPrecision()}</td><td>{@code Rprec}</td><td>R-Prec</td><td>trec_eval {@code Rprec}</td></tr>
 * </table>
 *
 * @param kind the measure
 * @param k the cut-off (number of top documents considered), or {@link #NO_CUT} for the whole list
 */
public record Measure(Kind kind, int k) {
  /** The value of {@link #k()} meaning "the whole ranked list". */
  public static final int NO_CUT = 0;

  /** The closed set of ranking measures. */
  public enum Kind {
    /** Normalised discounted cumulative gain. */
    NDCG,
    /** Fraction of the relevant documents found. */
    RECALL,
    /** Fraction of the top k that is relevant. */
    PRECISION,
    /** Reciprocal rank of the first relevant document. */
    MRR,
    /** (Mean) average precision. */
    MAP,
    /** 1 if any relevant document is found, else 0 (trec_eval's success). */
    HIT_RATE,
    /** Precision at rank R = number of relevant documents. */
    R_PRECISION
  }

  /** Validates: k ≥ 1 where a cut is required, k ≥ 0 otherwise, R-precision takes no cut. */
  public Measure {
    Objects.requireNonNull(kind, "kind");
    if (k < 0) {
      throw new IllegalArgumentException("k must be >= 1 (or NO_CUT for the whole list); k=" + k);
    }
    if (k == NO_CUT && (kind == Kind.RECALL || kind == Kind.PRECISION || kind == Kind.HIT_RATE)) {
      throw new IllegalArgumentException(kind + " needs a cut-off; k must be >= 1; k=" + k);
    }
    if (kind == Kind.R_PRECISION && k != NO_CUT) {
      throw new IllegalArgumentException("R_PRECISION takes no cut-off; k=" + k);
    }
  }

  /** @return nDCG@k */
  public static Measure ndcg(int k) {
    return cut(Kind.NDCG, k);
  }

  /** @return nDCG over the whole list */
  public static Measure ndcg() {
    return new Measure(Kind.NDCG, NO_CUT);
  }

  /** @return Recall@k */
  public static Measure recall(int k) {
    return cut(Kind.RECALL, k);
  }

  /** @return Precision@k */
  public static Measure precision(int k) {
    return cut(Kind.PRECISION, k);
  }

  /** @return MRR@k (reciprocal rank within the top k) */
  public static Measure mrr(int k) {
    return cut(Kind.MRR, k);
  }

  /** @return MRR over the whole list */
  public static Measure mrr() {
    return new Measure(Kind.MRR, NO_CUT);
  }

  /** @return MAP over the whole list */
  public static Measure map() {
    return new Measure(Kind.MAP, NO_CUT);
  }

  /** @return MAP@k */
  public static Measure map(int k) {
    return cut(Kind.MAP, k);
  }

  /** @return hit rate@k (trec_eval success.k) */
  public static Measure hitRate(int k) {
    return cut(Kind.HIT_RATE, k);
  }

  /** @return R-precision */
  public static Measure rPrecision() {
    return new Measure(Kind.R_PRECISION, NO_CUT);
  }

  private static Measure cut(Kind kind, int k) {
    Checks.atLeast("k", k, 1);
    return new Measure(kind, k);
  }

  /** @return whether the measure is computed on the whole ranked list */
  public boolean isUncut() {
    return k == NO_CUT;
  }

  /** @return the trec_eval-style name, e.g. {@code ndcg_cut_10}, {@code recall_100}, {@code map} */
  public String name() {
    return switch (kind) {
      case NDCG -> k == NO_CUT ? "ndcg" : "ndcg_cut_" + k;
      case RECALL -> "recall_" + k;
      case PRECISION -> "P_" + k;
      case MRR -> k == NO_CUT ? "recip_rank" : "mrr_cut_" + k;
      case MAP -> k == NO_CUT ? "map" : "map_cut_" + k;
      case HIT_RATE -> "success_" + k;
      case R_PRECISION -> "Rprec";
    };
  }

  /** @return a human label, e.g. {@code nDCG@10}, {@code Recall@10}, {@code MAP}, {@code MAP@100} */
  public String label() {
    String at = k == NO_CUT ? "" : "@" + k;
    return switch (kind) {
      case NDCG -> "nDCG" + at;
      case RECALL -> "Recall" + at;
      case PRECISION -> "P" + at;
      case MRR -> "MRR" + at;
      case MAP -> "MAP" + at;
      case HIT_RATE -> "Hit" + at;
      case R_PRECISION -> "R-Prec";
    };
  }

  /**
   * Parses a {@link #name()} or a {@link #label()} (case-insensitive), e.g. {@code ndcg_cut_10},
   * {@code nDCG@10}, {@code recall@100}, {@code P_5}, {@code MRR@10}, {@code recip_rank},
   * {@code map}, {@code map_cut_100}, {@code success_10}, {@code hit@10}, {@code Rprec}.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public static Measure parse(String text) {
    String s = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (s.equals("rprec") || s.equals("r-prec") || s.equals("r-precision")) {
        return rPrecision();
      }
      if (s.equals("map")) {
        return map();
      }
      if (s.equals("ndcg")) {
        return ndcg();
      }
      if (s.equals("recip_rank") || s.equals("mrr")) {
        return mrr();
      }
      int at = s.lastIndexOf('@');
      int us = s.lastIndexOf('_');
      String base;
      int k;
      if (at > 0) {
        base = s.substring(0, at);
        k = Integer.parseInt(s.substring(at + 1));
      } else if (us > 0) {
        base = s.substring(0, us);
        k = Integer.parseInt(s.substring(us + 1));
      } else {
        throw new IllegalArgumentException();
      }
      return switch (base) {
        case "ndcg_cut", "ndcg" -> ndcg(k);
        case "recall" -> recall(k);
        case "p", "precision" -> precision(k);
        case "mrr_cut", "mrr", "recip_rank" -> mrr(k);
        case "map_cut", "map" -> map(k);
        case "success", "hit", "hitrate", "hit_rate" -> hitRate(k);
        default -> throw new IllegalArgumentException();
      };
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown measure '" + text
          + "'; expected e.g. ndcg_cut_10, nDCG@10, recall_100, P_5, MRR@10, map, map_cut_100, success_10, Rprec", e);
    }
  }

  @Override
  public String toString() {
    return name();
  }
}

package dev.embedlab.bakeoff;

import dev.embedlab.eval.stats.SampleSize;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What to pick, computed from a {@link BakeOffResult}: the Pareto set over (primary measure ↑,
 * corpus docs/s ↑, p95 query latency ↓, index bytes per document ↓), "pick X if …" lines, the
 * minimum detectable difference for this many queries, and what truncation costs.
 *
 * <p>The significance band of the best is the best plus every candidate whose Holm-adjusted p
 * against it is above α: the data cannot tell them apart. The minimum detectable difference (MDE)
 * of a comparison is {@code (z_{1−α/2} + z_{0.8})·sd/√n} with {@code sd} the standard deviation of
 * its per-query differences ({@link SampleSize#minimumDetectableDifference}, paired, α from the
 * settings, power 0.8).
 *
 * @param pareto candidates no other candidate beats on all four axes while better on one, in
 *     candidate order
 * @param picks "pick X if …" sentences, most important first
 * @param power one entry per comparison against the best
 * @param warnings sentences a reader must not miss (set too small, slices disagree)
 * @param truncation what the maximum length cut and cost
 */
public record Recommendation(List<String> pareto, List<String> picks, List<Power> power, List<String> warnings,
    List<String> truncation) {

  /** Starts the only pick of a recommendation withheld for data problems. */
  public static final String WITHHELD = "Recommendation withheld: ";

  /** Slices with fewer queries cannot crown a winner: their picks are marked as too few queries. */
  public static final int MIN_SLICE_QUERIES = 30;

  /** Whether the recommendation was withheld (see {@link DatasetInfo#severeWarnings()}). */
  public boolean withheld() {
    return !picks.isEmpty() && picks.get(0).startsWith(WITHHELD);
  }

  /** The power target of the minimum detectable difference. */
  public static final double POWER = 0.8;

  /** Copies. */
  public Recommendation {
    pareto = List.copyOf(pareto);
    picks = List.copyOf(picks);
    power = List.copyOf(power);
    warnings = List.copyOf(warnings);
    truncation = List.copyOf(truncation);
  }

  /**
   * How well one comparison against the best can be resolved.
   *
   * @param candidate the candidate
   * @param reference the best
   * @param queries paired queries
   * @param sdOfDifferences standard deviation of the per-query differences (sample, n−1)
   * @param meanDifference candidate − best
   * @param mde minimum detectable |difference| at α and power 0.8 ({@code 0} when the two rank
   *     every query alike)
   * @param queriesNeeded queries needed to detect the observed difference at that power, or
   *     {@code -1} when the difference is 0
   */
  public record Power(String candidate, String reference, int queries, double sdOfDifferences,
      double meanDifference, double mde, long queriesNeeded) {

    /** Whether the observed difference is at least the MDE. */
    public boolean resolvable() {
      return Math.abs(meanDifference) >= mde;
    }
  }

  /** Computes the recommendation of {@code r}. */
  public static Recommendation of(BakeOffResult r) {
    String pm = r.settings().primaryMeasure();
    double alpha = r.settings().significance().alpha();
    int docs = r.dataset().documents();
    List<CandidateResult> cs = r.candidates();
    List<String> pareto = pareto(cs, pm, docs);
    List<String> picks = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    if (cs.isEmpty()) {
      return new Recommendation(pareto, picks, List.of(), warnings, List.of());
    }
    CandidateResult best = r.candidate(r.best()).orElseThrow();
    List<String> severe = r.dataset().severeWarnings();
    if (!severe.isEmpty()) {
      // data problems that change every number: no pick is made on them
      picks.add(WITHHELD + severe.get(0).substring(DatasetInfo.SEVERE.length()) + ". Fix the data first; the "
          + "best on " + pm + " here is " + best.name() + " (" + f4(best.quality().mean(pm)) + ").");
      return new Recommendation(pareto, picks, List.of(), warnings, truncation(r, pm));
    }
    picks.add("Best " + pm + ": pick " + best.name() + " (" + f4(best.quality().mean(pm)) + ").");

    List<CandidateResult> band = new ArrayList<>();
    band.add(best);
    for (CandidateResult c : cs) {
      Optional<Comparison> cmp = r.comparison(c.name());
      if (cmp.isPresent() && !cmp.get().significant(alpha)) {
        band.add(c);
      }
    }
    if (cs.size() > 1) {
      if (band.size() == 1) {
        picks.add("Every other candidate is significantly worse than " + best.name() + " on " + pm
            + " (Holm-adjusted p ≤ " + alpha + "): no trade-off to make on quality.");
      } else {
        List<String> names = band.stream().filter(c -> c != best).map(CandidateResult::name).toList();
        picks.add("Not significantly worse than " + best.name() + " (α = " + alpha + "): "
            + String.join(", ", names) + ".");
        // a speed that a cache made unknown takes no part in the speed picks
        CandidateResult fastest = band.stream().filter(SpeedSample::known)
            .max(Comparator.comparingDouble(c -> c.timing().docsPerSecond())).orElse(best);
        if (fastest != best && SpeedSample.known(best)) {
          picks.add("Fastest within the significance band of the best: pick " + fastest.name() + " if corpus "
              + "throughput matters (" + rate(fastest.timing().docsPerSecond()) + " vs " + rate(best.timing().docsPerSecond())
              + " docs/s; " + pm + " " + f4(fastest.quality().mean(pm)) + ").");
        }
        CandidateResult quick = band.stream().filter(c -> SpeedSample.known(c) && c.latency().samples() > 0)
            .min(Comparator.comparingDouble(c -> c.latency().p95Millis())).orElse(best);
        if (quick != best && best.latency().samples() > 0) {
          picks.add("Lowest p95 query latency within the band: pick " + quick.name() + " if query latency matters ("
              + ms(quick.latency().p95Millis()) + " vs " + ms(best.latency().p95Millis()) + " ms).");
        }
      }
      CandidateResult smallest = smallest(band, docs);
      double bestBytes = best.footprint().bytesPerDocument(docs);
      if (smallest != null && smallest != best
          && (Double.isNaN(bestBytes) || smallest.footprint().bytesPerDocument(docs) < bestBytes)) {
        picks.add("Smallest index within the band: pick " + smallest.name() + " if memory matters ("
            + bytes(smallest.footprint().bytesPerDocument(docs)) + " vs "
            + bytes(best.footprint().bytesPerDocument(docs)) + " bytes per document).");
      }
      CandidateResult smallestAll = smallest(cs, docs);
      if (smallestAll != null && smallestAll != smallest && smallestAll != best
          && (Double.isNaN(bestBytes) || smallestAll.footprint().bytesPerDocument(docs) < bestBytes)
          && (smallest == null || smallestAll.footprint().bytesPerDocument(docs)
              < smallest.footprint().bytesPerDocument(docs))) {
        picks.add("Smallest overall: " + smallestAll.name() + " (" + bytes(smallestAll.footprint().bytesPerDocument(docs))
            + " bytes per document), at " + pm + " " + f4(smallestAll.quality().mean(pm)) + ".");
      }
    }
    sliceWinners(r, pm, picks, warnings);

    List<Power> power = new ArrayList<>();
    for (Comparison c : r.comparisons()) {
      CandidateResult cand = r.candidate(c.candidate()).orElseThrow();
      power.add(power(cand, best, alpha));
    }
    List<String> unresolved = new ArrayList<>();
    for (Power p : power) {
      if (!p.resolvable() && !r.comparison(p.candidate()).orElseThrow().significant(alpha)) {
        unresolved.add(p.candidate() + " (Δ " + signed(p.meanDifference()) + ", MDE " + f3(p.mde())
            + (p.queriesNeeded() > 0 ? ", ~" + String.format(Locale.ROOT, "%,d", p.queriesNeeded())
                + " queries needed" : "") + ")");
      }
    }
    if (!unresolved.isEmpty()) {
      warnings.add("Too few queries to separate " + best.name() + " from " + String.join(", ", unresolved)
          + ": with " + Words.count(best.quality().queries(), "query", "queries") + " a paired difference in " + pm
          + " smaller than the MDE (α = " + alpha + ", power " + POWER + ") is likely to go unseen.");
    }
    return new Recommendation(pareto, picks, power, warnings, truncation(r, pm));
  }

  /** The Pareto set over (primary ↑, docs/s ↑, p95 ↓, bytes per document ↓); unknown bytes count as worst. */
  static List<String> pareto(List<CandidateResult> cs, String pm, int docs) {
    List<String> out = new ArrayList<>();
    for (CandidateResult a : cs) {
      boolean dominated = false;
      for (CandidateResult b : cs) {
        if (a != b && dominates(b, a, pm, docs)) {
          dominated = true;
          break;
        }
      }
      if (!dominated) {
        out.add(a.name());
      }
    }
    return out;
  }

  /** Whether {@code a} is at least as good as {@code b} on every axis and better on one. */
  static boolean dominates(CandidateResult a, CandidateResult b, String pm, int docs) {
    double[] x = axes(a, pm, docs);
    double[] y = axes(b, pm, docs);
    boolean better = false;
    for (int i = 0; i < x.length; i++) {
      if (x[i] < y[i]) {
        return false;
      }
      better |= x[i] > y[i];
    }
    return better;
  }

  /** The four axes, each oriented so that larger is better. */
  private static double[] axes(CandidateResult c, String pm, int docs) {
    double bytes = c.footprint().bytesPerDocument(docs);
    boolean speed = SpeedSample.known(c);
    boolean latency = speed && c.latency().samples() > 0;
    return new double[] {c.quality().mean(pm), speed ? c.timing().docsPerSecond() : Double.NEGATIVE_INFINITY,
        latency ? -c.latency().p95Millis() : Double.NEGATIVE_INFINITY,
        Double.isNaN(bytes) ? Double.NEGATIVE_INFINITY : -bytes};
  }

  private static CandidateResult smallest(List<CandidateResult> cs, int docs) {
    CandidateResult s = null;
    for (CandidateResult c : cs) {
      double b = c.footprint().bytesPerDocument(docs);
      if (!Double.isNaN(b) && (s == null || b < s.footprint().bytesPerDocument(docs))) {
        s = c;
      }
    }
    return s;
  }

  /** The MDE of one candidate against the best from their per-query primary values. */
  static Power power(CandidateResult cand, CandidateResult best, double alpha) {
    Map<String, Double> b = best.quality().perQuery();
    double[] d = new double[b.size()];
    int i = 0;
    double sum = 0;
    for (Map.Entry<String, Double> e : b.entrySet()) {
      d[i] = cand.quality().perQuery().getOrDefault(e.getKey(), 0.0) - e.getValue();
      sum += d[i++];
    }
    int n = d.length;
    double mean = n == 0 ? 0 : sum / n;
    double ss = 0;
    for (double x : d) {
      ss += (x - mean) * (x - mean);
    }
    double sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
    double mde = sd > 0 && n > 0 ? SampleSize.minimumDetectableDifference(sd, n, alpha, POWER) : 0;
    long needed = sd > 0 && mean != 0 ? SampleSize.pairedDifference(sd, mean, alpha, POWER) : -1;
    return new Power(cand.name(), best.name(), n, sd, mean, mde, needed);
  }

  /**
   * Per-slice winners: a line for each tag whose slices have no common winner (ties count for
   * every tied candidate), and a warning when the overall best trails a slice of at least
   * {@link #MIN_SLICE_FOR_WARNING} queries.
   */
  private static void sliceWinners(BakeOffResult r, String pm, List<String> picks, List<String> warnings) {
    Map<String, List<Slice>> byDim = new LinkedHashMap<>();
    for (Slice s : r.slices()) {
      byDim.computeIfAbsent(s.dimension(), x -> new ArrayList<>()).add(s);
    }
    for (Map.Entry<String, List<Slice>> e : byDim.entrySet()) {
      List<String> parts = new ArrayList<>();
      java.util.Set<String> common = null;
      String worst = null;
      double worstGap = 0;
      for (Slice s : e.getValue()) {
        List<String> winners = winners(r, s, pm);
        common = common == null ? new java.util.LinkedHashSet<>(winners) : common;
        common.retainAll(winners);
        parts.add(e.getKey() + " = " + s.value() + " (" + Words.count(s.queries(), "query", "queries") + "): "
            + describe(r, s, pm, winners));
        double gap = s.mean(winners.get(0), pm) - s.mean(r.best(), pm);
        double mde = gap > 0 ? sliceMde(r, s, winners.get(0)) : Double.NaN;
        if (s.queries() >= MIN_SLICE_FOR_WARNING && gap > worstGap && gap >= mde) {
          worstGap = gap;
          worst = r.best() + " trails " + String.join(" = ", winners) + " by " + f4(gap) + " " + pm + " on "
              + e.getKey() + " = " + s.value() + " (" + Words.count(s.queries(), "query", "queries") + ": "
              + f4(s.mean(r.best(), pm)) + " vs " + f4(s.mean(winners.get(0), pm)) + "; at least this slice's "
              + "minimum detectable difference of " + f3(mde) + ")";
        }
      }
      String lead = lead(r, pm, e.getKey(), e.getValue());
      if (lead != null) {
        picks.add(lead);
      }
      if (common != null && common.isEmpty()) {
        picks.add("Slices disagree on " + e.getKey() + ": " + String.join("; ", parts)
            + ". Pick by the queries your users send.");
        if (worst != null) {
          warnings.add("The overall best hides a split by " + e.getKey() + ": " + worst + ".");
        }
      }
    }
  }

  /**
   * The MDE of the paired per-query primary differences between the best and {@code other} over
   * the slice's queries; NaN with fewer than 2 queries, 0 when they never differ.
   */
  static double sliceMde(BakeOffResult r, Slice s, String other) {
    Map<String, Double> a = r.candidate(r.best()).orElseThrow().quality().perQuery();
    Map<String, Double> b = r.candidate(other).orElseThrow().quality().perQuery();
    int n = s.queries();
    if (n < 2) {
      return Double.NaN;
    }
    double[] d = new double[n];
    double mean = 0;
    for (int i = 0; i < n; i++) {
      String q = s.queryIds().get(i);
      d[i] = b.getOrDefault(q, 0.0) - a.getOrDefault(q, 0.0);
      mean += d[i] / n;
    }
    double ss = 0;
    for (double x : d) {
      ss += (x - mean) * (x - mean);
    }
    double sd = Math.sqrt(ss / (n - 1));
    return sd == 0 ? 0 : SampleSize.minimumDetectableDifference(sd, n, r.settings().significance().alpha(), POWER);
  }

  /**
   * Where the best's lead over the runner-up comes from, per slice of one tag: each slice's
   * difference of means and its share of the overall lead (slice size / queries × difference).
   * {@code null} with fewer than two candidates.
   */
  static String lead(BakeOffResult r, String pm, String dim, List<Slice> slices) {
    String runner = null;
    for (CandidateResult c : r.candidates()) {
      if (!c.name().equals(r.best())
          && (runner == null || c.quality().mean(pm) > r.candidate(runner).orElseThrow().quality().mean(pm))) {
        runner = c.name();
      }
    }
    if (runner == null) {
      return null;
    }
    int total = 0;
    for (Slice s : slices) {
      total += s.queries();
    }
    double lead = r.candidate(r.best()).orElseThrow().quality().mean(pm)
        - r.candidate(runner).orElseThrow().quality().mean(pm);
    List<String> parts = new ArrayList<>();
    for (Slice s : slices) {
      double d = s.mean(r.best(), pm) - s.mean(runner, pm);
      parts.add(s.value() + " " + signed(d) + " (" + Words.count(s.queries(), "query", "queries") + ", "
          + signed(d * s.queries() / Math.max(1, total)) + " of the lead)");
    }
    return "Where " + r.best() + "'s lead of " + signed(lead) + " " + pm + " over the runner-up " + runner
        + " comes from, by " + dim + ": " + String.join("; ", parts) + ".";
  }

  /** Smallest slice whose disagreement with the overall best becomes a warning. */
  public static final int MIN_SLICE_FOR_WARNING = 5;

  /** Candidates with the slice's highest mean (ties within 1e-9), in candidate order. */
  public static List<String> winners(BakeOffResult r, Slice s, String pm) {
    double max = Double.NEGATIVE_INFINITY;
    for (CandidateResult c : r.candidates()) {
      max = Math.max(max, s.mean(c.name(), pm));
    }
    List<String> out = new ArrayList<>();
    for (CandidateResult c : r.candidates()) {
      if (s.mean(c.name(), pm) >= max - 1e-9) {
        out.add(c.name());
      }
    }
    return out;
  }

  /** "a 0.9651 (+0.0007 over b)" or "tie a = b at 1.0000". */
  private static String describe(BakeOffResult r, Slice s, String pm, List<String> winners) {
    double top = s.mean(winners.get(0), pm);
    String few = s.queries() < MIN_SLICE_QUERIES ? ", too few queries to crown a winner" : "";
    if (winners.size() > 1) {
      return "tie " + String.join(" = ", winners) + " at " + f4(top) + few;
    }
    String second = null;
    for (CandidateResult c : r.candidates()) {
      if (!c.name().equals(winners.get(0)) && (second == null || s.mean(c.name(), pm) > s.mean(second, pm))) {
        second = c.name();
      }
    }
    return winners.get(0) + " " + f4(top) + (second == null ? ""
        : " (" + signed(top - s.mean(second, pm)) + " over " + second + few + ")");
  }

  private static List<String> truncation(BakeOffResult r, String pm) {
    List<String> out = new ArrayList<>();
    int docs = r.dataset().documents();
    List<String> none = new ArrayList<>();
    for (CandidateResult c : r.candidates()) {
      Footprint f = c.footprint();
      if (f.dimension() == 0 || f.note().startsWith("sum of")) {
        continue; // no model (BM25) or counted in its components (hybrid)
      }
      String at = f.maxLength() > 0 ? " at " + f.maxLength() + " tokens" : "";
      if (f.truncatedDocuments() < 0) {
        out.add(c.name() + ": truncation n/a (the embedder does not report it).");
      } else if (f.truncatedDocuments() == 0) {
        none.add(c.name() + (f.maxLength() > 0 ? " (" + f.maxLength() + ")" : ""));
      } else {
        out.add(c.name() + ": " + Words.count(f.truncatedDocuments(), "document") + " of "
            + String.format(Locale.ROOT, "%,d", docs) + " cut" + at + ".");
      }
    }
    if (!none.isEmpty()) {
      out.add(0, "no document was cut by " + String.join(", ", none)
          + " (maximum length in tokens), so the maximum length costs nothing here.");
    }
    for (TruncationProbe p : r.truncationProbes()) {
      out.add("what the cut costs " + p.candidate() + ": at " + p.maxLength() + " tokens "
          + Words.count(p.truncatedDocuments(), "document") + " cut, " + pm + " " + f4(p.primary()) + " ("
          + signed(p.difference()) + " vs " + f4(p.basePrimary()) + " at " + p.baseMaxLength() + " tokens with "
          + Words.count(p.baseTruncatedDocuments(), "document") + " cut; both on a seeded sample of "
          + Words.count(p.sampleDocuments(), "document") + " and " + Words.count(p.sampleQueries(), "query", "queries")
          + ").");
    }
    return out;
  }

  private static String f4(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  private static String f3(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static String signed(double v) {
    return String.format(Locale.ROOT, "%+.4f", v);
  }

  private static String rate(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String ms(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String bytes(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }
}

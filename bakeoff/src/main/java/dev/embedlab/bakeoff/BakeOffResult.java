package dev.embedlab.bakeoff;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The outcome of a {@link BakeOff}: one {@link CandidateResult} per candidate (in the order they
 * were given), the best candidate on the primary measure, and each other candidate's paired
 * comparison against it. Immutable; reports are written from it by
 * {@code dev.embedlab.bakeoff.report}.
 *
 * @param run where and when it ran
 * @param settings how it ran
 * @param dataset the retrieval set
 * @param pairDataset the pair set, or {@code null}
 * @param candidates results in candidate order
 * @param best name of the candidate with the highest mean primary measure (first one on a tie)
 * @param comparisons every other candidate against {@code best}, in candidate order
 * @param slices per-tag query groups with every candidate's means (empty when slicing was off)
 * @param truncationProbes re-runs at another maximum length (empty when none ran)
 * @param notes what a reader must know to compare these numbers (e.g. a corpus subset)
 * @param synthetic how the questions were generated when the set is synthetic, else {@code null}
 */
public record BakeOffResult(RunInfo run, Settings settings, DatasetInfo dataset, DatasetInfo pairDataset,
    List<CandidateResult> candidates, String best, List<Comparison> comparisons, List<Slice> slices,
    List<TruncationProbe> truncationProbes, List<String> notes, SyntheticSet synthetic) {

  /** A result of a set judged by people (not synthetic). */
  public BakeOffResult(RunInfo run, Settings settings, DatasetInfo dataset, DatasetInfo pairDataset,
      List<CandidateResult> candidates, String best, List<Comparison> comparisons, List<Slice> slices,
      List<TruncationProbe> truncationProbes, List<String> notes) {
    this(run, settings, dataset, pairDataset, candidates, best, comparisons, slices, truncationProbes, notes, null);
  }

  /** A result without slices, probes or notes. */
  public BakeOffResult(RunInfo run, Settings settings, DatasetInfo dataset, DatasetInfo pairDataset,
      List<CandidateResult> candidates, String best, List<Comparison> comparisons) {
    this(run, settings, dataset, pairDataset, candidates, best, comparisons, List.of(), List.of(), List.of());
  }

  /** Validates: names unique, best among them, comparisons against best. */
  public BakeOffResult {
    if (run == null || settings == null || dataset == null || candidates == null || comparisons == null) {
      throw new IllegalArgumentException("run, settings, dataset, candidates and comparisons must be non-null");
    }
    candidates = List.copyOf(candidates);
    comparisons = List.copyOf(comparisons);
    slices = List.copyOf(slices == null ? List.of() : slices);
    truncationProbes = List.copyOf(truncationProbes == null ? List.of() : truncationProbes);
    notes = List.copyOf(notes == null ? List.of() : notes);
    Set<String> names = new HashSet<>();
    for (CandidateResult c : candidates) {
      if (!names.add(c.name())) {
        throw new IllegalArgumentException("candidate names must be unique; duplicate " + c.name());
      }
    }
    if (!candidates.isEmpty() && !names.contains(best)) {
      throw new IllegalArgumentException("best must name a candidate; best=" + best);
    }
    for (Comparison c : comparisons) {
      if (!c.reference().equals(best) || !names.contains(c.candidate())) {
        throw new IllegalArgumentException(
            "comparison must be candidate vs best; " + c.candidate() + " vs " + c.reference());
      }
    }
  }

  /** The result of the named candidate. */
  public Optional<CandidateResult> candidate(String name) {
    return candidates.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** The comparison of the named candidate against the best (empty for the best itself). */
  public Optional<Comparison> comparison(String name) {
    return comparisons.stream().filter(c -> c.candidate().equals(name)).findFirst();
  }
}

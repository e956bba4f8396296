package dev.embedlab.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A sentence-pair evaluation set (STS-style graded scores and/or binary labels), immutable.
 *
 * @param id data set id for provenance (e.g. {@code stsbenchmark/test})
 * @param licence licence for provenance; "unspecified" when unknown
 * @param source where it was read from
 * @param pairs the pairs in file order
 */
public record PairDataset(String id, String licence, String source, List<Pair> pairs) {
  /** Validates and copies. */
  public PairDataset {
    Objects.requireNonNull(id, "id");
    licence = licence == null ? "unspecified" : licence;
    source = source == null ? "" : source;
    pairs = List.copyOf(pairs);
  }

  /** @return the number of pairs */
  public int size() {
    return pairs.size();
  }

  /** @return first texts in order */
  public List<String> textsA() {
    List<String> l = new ArrayList<>(pairs.size());
    pairs.forEach(p -> l.add(p.a()));
    return l;
  }

  /** @return second texts in order */
  public List<String> textsB() {
    List<String> l = new ArrayList<>(pairs.size());
    pairs.forEach(p -> l.add(p.b()));
    return l;
  }

  /** @return whether every pair has a graded score */
  public boolean hasScores() {
    return pairs.stream().allMatch(Pair::hasScore);
  }

  /** @return whether every pair has a binary label */
  public boolean hasLabels() {
    return pairs.stream().allMatch(p -> p.label() != null);
  }

  /**
   * @return gold scores in order
   * @throws IllegalStateException if some pair has no score
   */
  public double[] scores() {
    double[] s = new double[pairs.size()];
    for (int i = 0; i < s.length; i++) {
      if (!pairs.get(i).hasScore()) {
        throw new IllegalStateException(id + ": pair " + i + " has no score");
      }
      s[i] = pairs.get(i).score();
    }
    return s;
  }

  /**
   * @return binary labels in order
   * @throws IllegalStateException if some pair has no label (see {@link #withLabelsFromScore})
   */
  public int[] labels() {
    int[] s = new int[pairs.size()];
    for (int i = 0; i < s.length; i++) {
      Integer l = pairs.get(i).label();
      if (l == null) {
        throw new IllegalStateException(id + ": pair " + i + " has no label; use withLabelsFromScore(threshold)");
      }
      s[i] = l;
    }
    return s;
  }

  /**
   * @param threshold label = 1 when score ≥ threshold (e.g. 4.0 for STS-B, as the shared oracle)
   * @return a copy where every pair's label is derived from its score
   */
  public PairDataset withLabelsFromScore(double threshold) {
    List<Pair> l = new ArrayList<>(pairs.size());
    for (Pair p : pairs) {
      if (!p.hasScore()) {
        throw new IllegalStateException(id + ": a pair has no score to threshold");
      }
      l.add(new Pair(p.a(), p.b(), p.score(), p.score() >= threshold ? 1 : 0));
    }
    return new PairDataset(id, licence, source, l);
  }
}

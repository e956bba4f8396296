package dev.embedlab.core.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The known names nearest to a name that is not known, for the "did you mean" part of an error
 * message (an unknown command-line option, an unknown ONNX Runtime session key).
 */
public final class Suggestions {
  private Suggestions() {}

  /**
   * The names in {@code known} within {@code maxDistance} edits of {@code word}, nearest first and
   * alphabetically among equally near ones; empty when none is that near.
   */
  public static List<String> nearest(String word, Collection<String> known, int maxDistance) {
    return known.stream()
        .filter(k -> editDistance(k, word) <= maxDistance)
        .sorted(Comparator.comparingInt((String k) -> editDistance(k, word)).thenComparing(Comparator.naturalOrder()))
        .toList();
  }

  /**
   * Levenshtein distance over UTF-16 chars: the fewest single-character insertions, deletions and
   * substitutions (each costing 1) that turn {@code a} into {@code b}, by the two-row dynamic programme.
   */
  public static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}

package dev.embedlab.bakeoff;

import java.util.Locale;

/** Counted nouns for report sentences: "1 model", "2 models", "no comparison". */
public final class Words {
  private Words() {}

  /** {@code "1 query"}, {@code "2 queries"}, {@code "1,234 queries"}. */
  public static String count(long n, String singular, String plural) {
    return String.format(Locale.ROOT, "%,d", n) + " " + (n == 1 ? singular : plural);
  }

  /** {@code count(n, noun, noun + "s")}. */
  public static String count(long n, String noun) {
    return count(n, noun, noun + "s");
  }

  /**
   * How p-values were corrected: {@code "Holm-adjusted over the 3 comparisons"}, {@code "from the
   * single comparison (no adjustment needed)"}, or {@code "none (one candidate: nothing to
   * compare)"}.
   */
  public static String holm(int comparisons) {
    if (comparisons == 0) {
      return "none (one candidate: nothing to compare)";
    }
    if (comparisons == 1) {
      return "from the single comparison (Holm's adjustment leaves one p-value unchanged)";
    }
    return "Holm-adjusted over the " + comparisons + " comparisons";
  }
}

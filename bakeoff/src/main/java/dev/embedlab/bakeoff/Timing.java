package dev.embedlab.bakeoff;

/**
 * Wall-clock times of one candidate's run, in seconds.
 *
 * @param loadSeconds the factory call (model load, session creation)
 * @param corpusSeconds embedding the corpus ({@code Role.DOCUMENT})
 * @param docsPerSecond corpus documents / {@code corpusSeconds}
 * @param querySeconds embedding all queries as one batch job ({@code Role.QUERY})
 * @param searchSeconds exact top-k search of all queries
 * @param totalSeconds the candidate's whole run, latency and pair set included
 * @param indexSeconds building the candidate's index over the vectors (0 for exact search's
 *     nothing-to-build, and for candidates whose index pass is {@code corpusSeconds})
 */
public record Timing(double loadSeconds, double corpusSeconds, double docsPerSecond,
    double querySeconds, double searchSeconds, double totalSeconds, double indexSeconds) {

  /** A timing without a separate index build. */
  public Timing(double loadSeconds, double corpusSeconds, double docsPerSecond, double querySeconds,
      double searchSeconds, double totalSeconds) {
    this(loadSeconds, corpusSeconds, docsPerSecond, querySeconds, searchSeconds, totalSeconds, 0);
  }

  /** Validates: every value finite and ≥ 0. */
  public Timing {
    double[] all = {loadSeconds, corpusSeconds, docsPerSecond, querySeconds, searchSeconds, totalSeconds, indexSeconds};
    String[] names = {"loadSeconds", "corpusSeconds", "docsPerSecond", "querySeconds", "searchSeconds", "totalSeconds",
        "indexSeconds"};
    for (int i = 0; i < all.length; i++) {
      if (!(all[i] >= 0) || Double.isInfinite(all[i])) {
        throw new IllegalArgumentException(names[i] + " must be finite and >= 0; " + names[i] + "=" + all[i]);
      }
    }
  }
}

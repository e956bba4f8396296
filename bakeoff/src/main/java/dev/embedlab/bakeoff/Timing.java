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

  /**
   * The timing of candidates run one after the other and then fused: every time adds up, and the
   * fusion's own seconds count as search; throughput is {@code documents} over the summed time per
   * document of the parts ({@code 1 / Σ 1/rate}), so a part whose rate was measured on an uncached
   * sample (its corpus seconds being cache reads) counts at its model speed.
   */
  static Timing sum(java.util.List<Timing> parts, double fuseSeconds, int documents) {
    double load = 0;
    double corpus = 0;
    double query = 0;
    double search = fuseSeconds;
    double total = fuseSeconds;
    double secondsPerDoc = 0;
    boolean rates = true;
    for (Timing t : parts) {
      rates &= t.docsPerSecond() > 0;
      secondsPerDoc += t.docsPerSecond() > 0 ? 1 / t.docsPerSecond() : 0;
      load += t.loadSeconds();
      corpus += t.corpusSeconds();
      query += t.querySeconds();
      search += t.searchSeconds();
      total += t.totalSeconds();
    }
    return new Timing(load, corpus, rates && secondsPerDoc > 0 ? 1 / secondsPerDoc : 0, query, search, total);
  }
}

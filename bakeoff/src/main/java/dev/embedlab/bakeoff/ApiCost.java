package dev.embedlab.bakeoff;

/**
 * What a candidate backed by a paid embedding API cost in one bake-off run, from the provider's
 * usage fields ({@link dev.embedlab.core.CostReporting}) read through every wrapper: the corpus pass,
 * the query pass, and everything else the run sent (single-query latency probes, the pair set), with
 * how many vectors came from the cache instead of the API.
 *
 * @param corpusTokens input tokens billed for the corpus pass
 * @param queryTokens input tokens billed for the query pass
 * @param otherTokens input tokens billed for the rest of the run (latency probes, pair set)
 * @param tokensMeasured true when every token came from the provider's usage fields (false: estimated)
 * @param usdPerMillionTokens list price used, NaN when no price is known
 * @param priceDate the day the price was read (ISO-8601), or ""
 * @param priceSource where the price was read, or ""
 * @param documents corpus documents
 * @param documentsSent documents sent to the API this run (the others were reused), -1 when unknown
 * @param queries queries
 * @param queriesSent queries sent to the API this run, -1 when unknown
 * @param usdPerMillionDocuments projected cost of one million documents like these (mean tokens of the
 *     documents sent times the price); NaN when no price is known or no document was sent
 */
public record ApiCost(long corpusTokens, long queryTokens, long otherTokens, boolean tokensMeasured,
    double usdPerMillionTokens, String priceDate, String priceSource, long documents, long documentsSent,
    long queries, long queriesSent, double usdPerMillionDocuments) {

  /** Validates counts and the price. */
  public ApiCost {
    if (corpusTokens < 0 || queryTokens < 0 || otherTokens < 0 || documents < 0 || queries < 0) {
      throw new IllegalArgumentException("token and text counts must be >= 0; corpusTokens=" + corpusTokens
          + " queryTokens=" + queryTokens + " otherTokens=" + otherTokens + " documents=" + documents
          + " queries=" + queries);
    }
    if (documentsSent < -1 || documentsSent > documents || queriesSent < -1 || queriesSent > queries) {
      throw new IllegalArgumentException("sent counts must be -1 (unknown) or within the texts; documentsSent="
          + documentsSent + " of " + documents + ", queriesSent=" + queriesSent + " of " + queries);
    }
    if (usdPerMillionTokens < 0 || Double.isInfinite(usdPerMillionTokens)) {
      throw new IllegalArgumentException("usdPerMillionTokens must be NaN (unknown) or finite and >= 0; "
          + "usdPerMillionTokens=" + usdPerMillionTokens);
    }
    priceDate = priceDate == null ? "" : priceDate;
    priceSource = priceSource == null ? "" : priceSource;
  }

  /** Whether a price is known, so the dollar amounts are numbers. */
  public boolean priced() {
    return !Double.isNaN(usdPerMillionTokens);
  }

  /** USD for the corpus pass (NaN without a price). */
  public double corpusUsd() {
    return corpusTokens / 1e6 * usdPerMillionTokens;
  }

  /** USD for the query pass (NaN without a price). */
  public double queryUsd() {
    return queryTokens / 1e6 * usdPerMillionTokens;
  }

  /** USD for everything this run sent (NaN without a price). */
  public double runUsd() {
    return (corpusTokens + queryTokens + otherTokens) / 1e6 * usdPerMillionTokens;
  }

  /** Document vectors taken from the cache or store instead of the API (0 when unknown). */
  public long reusedDocuments() {
    return documentsSent < 0 ? 0 : documents - documentsSent;
  }

  /** Query vectors taken from the cache or store instead of the API (0 when unknown). */
  public long reusedQueries() {
    return queriesSent < 0 ? 0 : queries - queriesSent;
  }
}

package dev.embedlab.core;

import java.util.Optional;

/**
 * Capability of an {@link Embedder} that is paid for by the token (a hosted API): how many input
 * tokens it was billed for and what that cost in US dollars at a dated list price. A bake-off reads
 * it to put "cost of the corpus", "cost of the queries" and "projected cost per 1M documents" beside
 * quality and speed.
 *
 * <p>Tokens come from the provider's own usage fields (OpenAI {@code usage.prompt_tokens}, Voyage
 * {@code usage.total_tokens}, Cohere {@code meta.billed_units.input_tokens}); where a provider reports
 * none (Gemini's {@code batchEmbedContents}) the count is an estimate and {@link Cost#tokensMeasured()}
 * says so.
 */
public interface CostReporting {

  /** Tokens and dollars since creation (or the last reset of the usage counters). */
  Cost cost();

  /**
   * {@code e}'s cost when it reports one (and it is not {@link Cost#NONE}), else empty. Wrappers
   * implement this interface as {@code costOf(delegate).orElse(Cost.NONE)}, so the cost of a paid API
   * reaches a report through any stack of wrappers.
   */
  static Optional<Cost> costOf(Embedder e) {
    return e instanceof CostReporting c ? Optional.of(c.cost()).filter(x -> !x.equals(Cost.NONE)) : Optional.empty();
  }

  /**
   * The projected cost of embedding one million documents averaging {@code meanTokensPerDocument}
   * input tokens at {@code usdPerMillionTokens}: {@code 1e6 * mean / 1e6 * price = mean * price}.
   *
   * @throws IllegalArgumentException when either value is negative or not finite
   */
  static double usdPerMillionDocuments(double meanTokensPerDocument, double usdPerMillionTokens) {
    if (!(meanTokensPerDocument >= 0) || Double.isInfinite(meanTokensPerDocument)) {
      throw new IllegalArgumentException("meanTokensPerDocument must be finite and >= 0; meanTokensPerDocument="
          + meanTokensPerDocument);
    }
    if (!(usdPerMillionTokens >= 0) || Double.isInfinite(usdPerMillionTokens)) {
      throw new IllegalArgumentException("usdPerMillionTokens must be finite and >= 0; usdPerMillionTokens="
          + usdPerMillionTokens);
    }
    return meanTokensPerDocument * usdPerMillionTokens;
  }

  /**
   * What was spent.
   *
   * @param tokens input tokens billed (or estimated, see {@code tokensMeasured})
   * @param tokensMeasured true when every token counted came from the provider's usage fields
   * @param usdPerMillionTokens the list price used, or NaN when no price is known for the model
   * @param priceDate the day the price was read (ISO-8601), or "" when unknown
   * @param priceSource where the price was read (a URL or a file), or "" when unknown
   */
  record Cost(long tokens, boolean tokensMeasured, double usdPerMillionTokens, String priceDate, String priceSource) {
    /** What a wrapper reports when no paid API is behind it. */
    public static final Cost NONE = new Cost(0, true, Double.NaN, "", "no paid API");

    public Cost {
      Checks.atLeast("tokens", tokens, 0);
      if (usdPerMillionTokens < 0 || Double.isInfinite(usdPerMillionTokens)) {
        throw new IllegalArgumentException("usdPerMillionTokens must be NaN (unknown) or finite and >= 0; usdPerMillionTokens="
            + usdPerMillionTokens);
      }
      priceDate = priceDate == null ? "" : priceDate;
      priceSource = priceSource == null ? "" : priceSource;
    }

    /** Whether a price is known, so {@link #usd()} is a number. */
    public boolean priced() {
      return !Double.isNaN(usdPerMillionTokens);
    }

    /** US dollars spent: {@code tokens / 1e6 * usdPerMillionTokens}; NaN when no price is known. */
    public double usd() {
      return tokens / 1e6 * usdPerMillionTokens;
    }

    /** Mean tokens per text over {@code texts} texts (0 when none). */
    public double meanTokensPer(long texts) {
      Checks.atLeast("texts", texts, 0);
      return texts == 0 ? 0 : (double) tokens / texts;
    }

    /**
     * The projected cost of one million documents like the {@code documents} this cost was measured
     * on (see {@link CostReporting#usdPerMillionDocuments}); NaN when no price is known.
     */
    public double usdPerMillionDocuments(long documents) {
      return priced() ? CostReporting.usdPerMillionDocuments(meanTokensPer(documents), usdPerMillionTokens) : Double.NaN;
    }
  }
}

package dev.embedlab.core;

/**
 * Capability of an {@link Embedder} that counts its work: texts, tokens, and how many texts were
 * truncated to fit the model. Bake-offs read it to report truncation next to quality.
 */
public interface UsageReporting {

  /** A snapshot of the counters since creation (or the last {@link #resetUsage()}). */
  Usage usage();

  /** Sets every counter back to zero. */
  void resetUsage();

  /**
   * {@code e}'s usage when it counts its work, else empty. Wrappers call this on what they wrap,
   * so counts reach a report through any stack of wrappers.
   */
  static java.util.Optional<Usage> usageOf(Embedder e) {
    return e instanceof UsageReporting u ? java.util.Optional.of(u.usage()) : java.util.Optional.empty();
  }

  /** Resets {@code e}'s counters when it has them. */
  static void resetUsageOf(Embedder e) {
    if (e instanceof UsageReporting u) {
      u.resetUsage();
    }
  }

  /**
   * Counters of an embedder's work.
   *
   * @param texts texts embedded
   * @param tokens tokens fed to the model, special tokens included, padding excluded
   * @param truncatedTexts texts cut at the maximum sequence length
   * @param batches model invocations
   */
  record Usage(long texts, long tokens, long truncatedTexts, long batches) {
    /** No work. */
    public static final Usage NONE = new Usage(0, 0, 0, 0);

    /** Component-wise sum (an ensemble's parts). */
    public Usage plus(Usage o) {
      return new Usage(texts + o.texts, tokens + o.tokens, truncatedTexts + o.truncatedTexts, batches + o.batches);
    }

    public Usage {
      if (texts < 0 || tokens < 0 || truncatedTexts < 0 || batches < 0) {
        throw new IllegalArgumentException(
            "usage counters must be >= 0; texts=" + texts + ", tokens=" + tokens
                + ", truncatedTexts=" + truncatedTexts + ", batches=" + batches);
      }
    }
  }
}

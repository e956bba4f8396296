package dev.embedlab.core;

import dev.embedlab.core.UsageReporting.Usage;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind an embedder's {@link UsageReporting}: texts, tokens, truncated texts and
 * batches, added once per call. Thread-safe; a {@link #usage()} taken while calls run may see one
 * call's counters partly added (each counter is exact once the calls return).
 */
public final class UsageCounter {
  private final LongAdder texts = new LongAdder();
  private final LongAdder tokens = new LongAdder();
  private final LongAdder truncated = new LongAdder();
  private final LongAdder batches = new LongAdder();

  /**
   * Adds one batch.
   *
   * @throws IllegalArgumentException if a count is negative (a provider's negative token count is
   *     refused here, so that {@link #usage()} never fails later)
   */
  public void addBatch(long texts, long tokens, long truncated) {
    if (texts < 0 || tokens < 0 || truncated < 0) {
      throw new IllegalArgumentException("batch counts must be >= 0; texts=" + texts + ", tokens=" + tokens
          + ", truncated=" + truncated);
    }
    this.texts.add(texts);
    this.tokens.add(tokens);
    this.truncated.add(truncated);
    this.batches.increment();
  }

  /** The counts since creation or the last {@link #reset()}. */
  public Usage usage() {
    return new Usage(texts.sum(), tokens.sum(), truncated.sum(), batches.sum());
  }

  /** Sets every counter to zero. */
  public void reset() {
    texts.reset();
    tokens.reset();
    truncated.reset();
    batches.reset();
  }
}

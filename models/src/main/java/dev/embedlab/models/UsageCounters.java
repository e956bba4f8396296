package dev.embedlab.models;

import dev.embedlab.core.UsageReporting.Usage;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe usage counters behind {@link dev.embedlab.core.UsageReporting}. Package-private. */
final class UsageCounters {
  private final LongAdder items = new LongAdder();
  private final LongAdder tokens = new LongAdder();
  private final LongAdder truncated = new LongAdder();
  private final LongAdder batches = new LongAdder();

  /** Counts a tokenized chunk: the tokens it feeds and the rows that were cut. */
  void tokenized(TokenBatches.Tokens t) {
    tokens.add(t.count());
    truncated.add(t.truncated());
  }

  void batches(int calls) {
    batches.add(calls);
  }

  /** Counts {@code n} items (texts, pairs) done. */
  void items(int n) {
    items.add(n);
  }

  Usage snapshot() {
    return new Usage(items.sum(), tokens.sum(), truncated.sum(), batches.sum());
  }

  void reset() {
    items.reset();
    tokens.reset();
    truncated.reset();
    batches.reset();
  }
}

package dev.embedlab.bakeoff;

/**
 * Receives progress of a long task (embedding a corpus). Implementations must be cheap: the
 * bake-off calls {@link #advance} once per embedded chunk.
 */
public interface ProgressListener {

  /** A listener that ignores everything. */
  ProgressListener NONE = new ProgressListener() {
    @Override
    public void start(String task, long total, String unit) {}

    @Override
    public void advance(long done) {}

    @Override
    public void finish() {}
  };

  /**
   * A task begins.
   *
   * @param task what is being done, e.g. {@code "bge-small-en-v1.5-q corpus"}
   * @param total units of work (texts), ≥ 0
   * @param unit what a unit is called, e.g. {@code "docs"}
   */
  void start(String task, long total, String unit);

  /** {@code done} more units are finished. */
  void advance(long done);

  /** The task ended. */
  void finish();
}

package dev.embedlab.tune.adapter;

/** A trained adapter (the best epoch's weights) and the report of how it was trained. */
public record TrainingResult(LinearAdapter adapter, TrainingReport report) {
  public TrainingResult {
    if (adapter == null || report == null) {
      throw new IllegalArgumentException("adapter and report must not be null");
    }
  }
}

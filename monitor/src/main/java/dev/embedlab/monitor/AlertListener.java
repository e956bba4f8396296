package dev.embedlab.monitor;

/** Receives the alerts of a {@link QualityProbe}; called on the thread that ran the probe. */
@FunctionalInterface
public interface AlertListener {
  /** One alert. An exception thrown here is logged by the probe and does not stop other listeners. */
  void onAlert(Alert alert);
}

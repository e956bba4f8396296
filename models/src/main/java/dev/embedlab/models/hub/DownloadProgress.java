package dev.embedlab.models.hub;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * Progress lines for one download: bytes so far and in total, rate and time left, at most one
 * line per {@link #INTERVAL_NANOS}, and a last line with the total and the mean rate. Not thread-safe
 * (one download, one thread).
 */
final class DownloadProgress {
  static final long INTERVAL_NANOS = 1_000_000_000L;

  private final String label;
  private final long total;
  private final Consumer<String> sink;
  private final long start = System.nanoTime();
  private final long startBytes;
  private long lastLine = start;
  private long bytes;

  /**
   * @param label what is downloaded, e.g. {@code hf:ORG/NAME onnx/model.onnx}
   * @param total expected bytes, or -1 when unknown
   * @param already bytes already on disk (a resumed download)
   */
  DownloadProgress(String label, long total, long already, Consumer<String> sink) {
    this.label = label;
    this.total = total;
    this.sink = sink;
    this.bytes = already;
    this.startBytes = already;
    if (already > 0) {
      sink.accept(label + ": resuming at " + size(already) + (total > 0 ? " of " + size(total) : ""));
    }
  }

  /** {@code n} more bytes arrived. */
  void add(long n) {
    bytes += n;
    long now = System.nanoTime();
    if (now - lastLine >= INTERVAL_NANOS) {
      lastLine = now;
      sink.accept(line(now));
    }
  }

  /** Bytes restart from {@code at} (the server ignored a Range request, or a retry resumes). */
  void reset(long at) {
    bytes = at;
  }

  /** The last line. */
  void done() {
    long now = System.nanoTime();
    double secs = Math.max(1e-9, (now - start) / 1e9);
    sink.accept(label + ": " + size(bytes) + " in " + String.format(Locale.ROOT, "%.1f s", secs) + " ("
        + size((long) ((bytes - startBytes) / secs)) + "/s)");
  }

  String line(long now) {
    double secs = Math.max(1e-9, (now - start) / 1e9);
    double rate = (bytes - startBytes) / secs;
    StringBuilder sb = new StringBuilder(label).append(": ").append(size(bytes));
    if (total > 0) {
      sb.append(" of ").append(size(total)).append(String.format(Locale.ROOT, " (%d%%)", Math.min(100, bytes * 100 / total)));
    }
    sb.append(", ").append(size((long) rate)).append("/s");
    if (total > 0 && rate > 0) {
      sb.append(", ETA ").append(Math.max(0, Math.round((total - bytes) / rate))).append(" s");
    }
    return sb.toString();
  }

  /** Bytes in B, kB, MB or GB (powers of 1000, as huggingface_hub's progress bars). */
  static String size(long b) {
    if (b < 1000) {
      return b + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB"};
    double v = b;
    int u = -1;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}

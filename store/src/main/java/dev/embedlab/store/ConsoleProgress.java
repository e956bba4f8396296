package dev.embedlab.store;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar for a terminal (stderr by convention, so stdout stays clean for
 * results): {@code [#########...........]  45.0%  12,345/27,000  850 texts/s  ETA 0:17}. Redrawn
 * with a carriage return at most every {@code minIntervalNanos}; without a known total it shows the
 * count and rate only. The rate counts only texts done in this run (a resumed run does not claim
 * the earlier run's work). The clock is a parameter so tests can drive it.
 */
public final class ConsoleProgress {
  private static final int WIDTH = 24;

  private final PrintStream out;
  private final String label;
  private final long total;
  private final long startDone;
  private final LongSupplier nanoClock;
  private final long startNanos;
  private final long minIntervalNanos;
  private long lastDraw = Long.MIN_VALUE;
  private long done;

  /**
   * @param out where to draw (e.g. {@code System.err})
   * @param label a prefix, e.g. the output file name
   * @param total texts in all, or -1 when unknown
   * @param startDone texts already done before this run (a resume)
   * @param nanoClock e.g. {@code System::nanoTime}
   * @param minIntervalNanos least time between two redraws
   */
  public ConsoleProgress(PrintStream out, String label, long total, long startDone, LongSupplier nanoClock,
      long minIntervalNanos) {
    if (out == null || label == null || nanoClock == null) {
      throw new IllegalArgumentException("out, label and nanoClock must not be null");
    }
    this.out = out;
    this.label = label;
    this.total = total;
    this.startDone = startDone;
    this.done = startDone;
    this.nanoClock = nanoClock;
    this.startNanos = nanoClock.getAsLong();
    this.minIntervalNanos = minIntervalNanos;
  }

  /** A progress bar on {@code System.err} redrawn at most 5 times a second. */
  public static ConsoleProgress stderr(String label, long total, long startDone) {
    return new ConsoleProgress(System.err, label, total, startDone, System::nanoTime, 200_000_000L);
  }

  /** Records that {@code doneSoFar} texts are done (all runs together) and redraws when due. */
  public void update(long doneSoFar) {
    done = doneSoFar;
    long now = nanoClock.getAsLong();
    if (lastDraw == Long.MIN_VALUE || now - lastDraw >= minIntervalNanos) {
      lastDraw = now;
      out.print('\r' + line(now));
      out.flush();
    }
  }

  /** Draws the final state and ends the line. */
  public void finish() {
    out.print('\r' + line(nanoClock.getAsLong()) + System.lineSeparator());
    out.flush();
  }

  /** Texts per second in this run. */
  public double rate() {
    return rate(nanoClock.getAsLong());
  }

  private double rate(long now) {
    double secs = (now - startNanos) / 1e9;
    return secs <= 0 ? 0 : (done - startDone) / secs;
  }

  /** The line as drawn at time {@code now} (for tests). */
  String line(long now) {
    double rate = rate(now);
    StringBuilder sb = new StringBuilder(label).append(' ');
    if (total > 0) {
      double frac = Math.min(1.0, (double) done / total);
      int filled = (int) Math.round(frac * WIDTH);
      sb.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
      sb.append(String.format(Locale.ROOT, "%5.1f%%  %,d/%,d", 100 * frac, done, total));
    } else {
      sb.append(String.format(Locale.ROOT, "%,d texts", done));
    }
    sb.append(String.format(Locale.ROOT, "  %,.0f texts/s", rate));
    if (total > 0) {
      sb.append("  ETA ").append(rate > 0 ? clock((long) Math.ceil(Math.max(0, total - done) / rate)) : "?");
    }
    return sb.toString();
  }

  /** Seconds as {@code h:mm:ss} or {@code m:ss}. */
  static String clock(long seconds) {
    long h = seconds / 3600;
    long m = (seconds / 60) % 60;
    long s = seconds % 60;
    return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
  }
}

package dev.embedlab.bakeoff;

import dev.embedlab.core.Checks;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A text progress bar with rate and ETA:
 * <pre>  e5-small-v2-q corpus [#########-----------]  45%  2,331/5,183  118 docs/s  ETA 0:24</pre>
 *
 * <p>The ETA is {@code remaining / rate} with the rate measured over the whole task so far
 * (steadier than the last chunk's). On a terminal the line is redrawn in place ({@code \r}) at
 * most every {@code 100 ms}; elsewhere (a log, a CI job) a full line is printed at each 25 %, so
 * logs stay short. Not thread-safe: one task at a time.
 */
public final class ConsoleProgress implements ProgressListener {
  private static final int WIDTH = 24;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintStream out;
  private final boolean interactive;
  private final LongSupplier nanoClock;
  private String task = "";
  private String unit = "";
  private long total;
  private long done;
  private long startNanos;
  private long lastDrawNanos;
  private int lastQuarter;

  /**
   * @param out where to draw
   * @param interactive redraw in place (a terminal) rather than print lines
   * @param nanoClock time source in nanoseconds (tests pass a fake)
   */
  public ConsoleProgress(PrintStream out, boolean interactive, LongSupplier nanoClock) {
    if (out == null || nanoClock == null) {
      throw new IllegalArgumentException("out and nanoClock must not be null");
    }
    this.out = out;
    this.interactive = interactive;
    this.nanoClock = nanoClock;
  }

  /** Draws on {@code System.err}, in place when a console is attached. */
  public static ConsoleProgress toStderr() {
    return new ConsoleProgress(System.err, System.console() != null, System::nanoTime);
  }

  @Override
  public void start(String task, long total, String unit) {
    Checks.atLeast("total", total, 0);
    this.task = task;
    this.unit = unit;
    this.total = total;
    this.done = 0;
    this.startNanos = nanoClock.getAsLong();
    this.lastDrawNanos = Long.MIN_VALUE;
    this.lastQuarter = 0;
    if (interactive) {
      draw(startNanos, false);
    }
  }

  @Override
  public void advance(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("advance must be >= 0; n=" + n);
    }
    done = Math.min(total, done + n);
    long now = nanoClock.getAsLong();
    if (interactive) {
      if (now - lastDrawNanos >= REDRAW_NANOS || done == total) {
        draw(now, false);
      }
    } else {
      int quarter = total == 0 ? 4 : (int) (4 * done / total);
      if (quarter > lastQuarter && quarter < 4) {
        lastQuarter = quarter;
        draw(now, false);
      }
    }
  }

  @Override
  public void finish() {
    draw(nanoClock.getAsLong(), true);
  }

  /** The line for the current state (without {@code \r} or newline); visible for tests. */
  String line(long now, boolean finished) {
    double elapsed = Math.max(0, now - startNanos) / 1e9;
    double frac = total == 0 ? 1 : (double) done / total;
    int filled = (int) Math.round(frac * WIDTH);
    StringBuilder sb = new StringBuilder("  ").append(task).append(" [");
    sb.append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ");
    sb.append(String.format(Locale.ROOT, "%3d%%  %,d/%,d", Math.round(frac * 100), done, total));
    double rate = elapsed > 0 ? done / elapsed : 0;
    if (rate > 0) {
      sb.append(String.format(Locale.ROOT, "  %,.0f %s/s", rate, unit));
    }
    if (finished) {
      sb.append("  in ").append(clock(elapsed));
    } else if (rate > 0) {
      sb.append("  ETA ").append(clock((total - done) / rate));
    } else {
      sb.append("  ETA --:--");
    }
    return sb.toString();
  }

  private void draw(long now, boolean finished) {
    lastDrawNanos = now;
    String l = line(now, finished);
    if (interactive) {
      out.print("\r" + l + (finished ? "\n" : ""));
    } else {
      out.println(l);
    }
    out.flush();
  }

  /** {@code m:ss}, or {@code h:mm:ss} from an hour. */
  static String clock(double seconds) {
    long s = Math.round(seconds);
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}

package dev.embedlab.bakeoff.report;

import java.util.Locale;

/** Number formatting shared by the text reports (locale-independent). */
final class Fmt {
  private Fmt() {}

  /** Metric with 4 decimals; "–" for NaN. */
  static String metric(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.4f", v);
  }

  /** Signed metric difference with 4 decimals. */
  static String signed(double v) {
    return String.format(Locale.ROOT, "%+.4f", v);
  }

  /** A p-value: 4 decimals, or "<0.0001". */
  static String p(double v) {
    return v < 1e-4 ? "<0.0001" : String.format(Locale.ROOT, "%.4f", v);
  }

  /** Grouped integer-ish rate, e.g. 1,234. */
  static String rate(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
  }

  /** Milliseconds with one decimal. */
  static String ms(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** Seconds with two decimals. */
  static String s(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  /** An instant to the second, e.g. 2026-11-27T22:16:24Z. */
  static String instant(java.time.Instant t) {
    return t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }

  /** Three decimals. */
  static String f3(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  /** Bytes, grouped, no decimals; "n/a" for NaN. */
  static String bytes(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.0f", v);
  }

  /** Truncated corpus documents, "n/a" when not reported or not a model. */
  static String truncated(dev.embedlab.bakeoff.Footprint f) {
    if (f.truncatedDocuments() >= 0) {
      return n(f.truncatedDocuments());
    }
    return f.truncationReported() ? n(f.truncatedTexts()) : "n/a";
  }

  /** Grouped integer. */
  static String n(long v) {
    return String.format(Locale.ROOT, "%,d", v);
  }
}

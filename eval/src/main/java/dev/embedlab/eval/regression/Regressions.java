package dev.embedlab.eval.regression;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The regression files that ship with embedlab ({@code dev/embedlab/eval/regression/*.json}, listed in
 * {@code index.txt} beside them), their runners, the comparison of a run with its file, and the
 * README table generated from the files.
 */
public final class Regressions {
  private static final String DIR = "/dev/embedlab/eval/regression/";

  private Regressions() {}

  /** Every shipped regression file, in index order. */
  public static List<Regression> all() {
    List<Regression> out = new ArrayList<>();
    for (String n : names()) {
      out.add(load(n));
    }
    return out;
  }

  /**
   * The shipped regression {@code name}.
   *
   * @throws IllegalArgumentException when no such file ships (listing those that do)
   */
  public static Regression load(String name) {
    if (!name.matches("[a-z0-9][a-z0-9._-]*")) {
      throw new IllegalArgumentException("regression name must be lower-case letters, digits, '.', '_' or '-'; name=" + name);
    }
    String text;
    try {
      text = ShippedJson.resource(DIR, name + ".json");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("no regression named '" + name + "'; expected one of " + names(), e);
    }
    Regression r = Regression.parse(name + ".json", text);
    if (!r.name().equals(name)) {
      throw new IllegalArgumentException(name + ".json: field name must equal the file name; name=" + r.name());
    }
    return r;
  }

  /** The names of every shipped regression. */
  public static List<String> names() {
    return ShippedJson.names(DIR);
  }

  /** The runner for {@code candidate}, found through {@link ServiceLoader}. */
  public static RegressionRunner runnerFor(Regression r) {
    List<String> seen = new ArrayList<>();
    for (RegressionRunner runner : ServiceLoader.load(RegressionRunner.class)) {
      if (runner.accepts(r.candidate())) {
        return runner;
      }
      seen.add(runner.getClass().getSimpleName());
    }
    throw new IllegalArgumentException(r.name() + ": no runner accepts candidate '" + r.candidate()
        + "'; runners on the class path: " + seen);
  }

  /** One metric compared: expected, measured, and whether they agree at the file's precision. */
  public record Check(String metric, double expected, double measured, boolean ok) {}

  /** Compares a run with its file, metric by metric, then the index statistics. */
  public static List<Check> compare(Regression r, RegressionRunner.Measured m) {
    List<Check> out = new ArrayList<>();
    double scale = Math.pow(10, r.decimals());
    double slack = 0.5 / scale * 1e-6; // printing noise of a rounded decimal, far below one digit
    for (Map.Entry<String, Double> e : r.expected().entrySet()) {
      Double v = m.metrics().get(e.getKey());
      if (v == null) {
        throw new IllegalStateException(r.name() + ": the runner did not measure " + e.getKey());
      }
      double rounded = Math.round(v * scale) / scale;
      out.add(new Check(e.getKey(), e.getValue(), v, Math.abs(rounded - e.getValue()) <= r.tolerance() + slack));
    }
    for (Map.Entry<String, Long> e : r.indexStats().entrySet()) {
      Long v = m.indexStats().get(e.getKey());
      out.add(new Check("index." + e.getKey(), e.getValue(), v == null ? Double.NaN : v, v != null && v.equals(e.getValue())));
    }
    return out;
  }

  /**
   * Runs {@code r} and prints one line per metric ({@code OK}/{@code FAIL}, expected, measured).
   *
   * @return whether every check passed
   */
  public static boolean reproduce(Regression r, Path sharedRoot, PrintStream out) throws IOException {
    return report(r, runnerFor(r).run(r, sharedRoot, out), out);
  }

  /**
   * Prints one line per metric of a finished run ({@code OK}/{@code FAIL}, expected, measured), then
   * its time and source.
   *
   * @return whether every check passed
   */
  public static boolean report(Regression r, RegressionRunner.Measured m, PrintStream out) {
    boolean ok = true;
    for (Check c : compare(r, m)) {
      ok &= c.ok();
      out.printf(Locale.ROOT, "%-4s %-40s %-18s expected %s  measured %s%n", c.ok() ? "OK" : "FAIL", r.name(),
          c.metric(), fmt(c.expected(), r), fmt(c.measured(), r));
    }
    out.printf(Locale.ROOT, "     %-40s %.1f s (%s: %s)%n", r.name(), m.seconds(), r.sourceKind(), r.sourceReference());
    return ok;
  }

  private static String fmt(double v, Regression r) {
    return Double.isNaN(v) ? "—" : v == Math.rint(v) && Math.abs(v) > 1 ? String.valueOf((long) v)
        : String.format(Locale.ROOT, "%." + (r.decimals() + 2) + "f", v);
  }

  /**
   * The README's table of reproduced results, generated from the files: one row per file, its main
   * metrics at the file's precision and its source. The README holds this text between
   * {@code <!-- regressions:begin -->} and {@code <!-- regressions:end -->}, checked byte for byte by a test.
   */
  public static String markdownTable(List<Regression> regressions) {
    StringBuilder sb = new StringBuilder();
    sb.append("| regression | data set | candidate | expected scores | source | tolerance |\n");
    sb.append("|---|---|---|---|---|---:|\n");
    for (Regression r : regressions) {
      StringBuilder scores = new StringBuilder();
      for (Map.Entry<String, Double> e : r.expected().entrySet()) {
        scores.append(scores.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
            .append(String.format(Locale.ROOT, "%." + r.decimals() + "f", e.getValue()));
      }
      sb.append("| `").append(r.name()).append("` | ").append(r.datasetPath())
          .append(r.split().isEmpty() ? "" : " (" + r.split() + ")").append(" | ").append(r.title())
          .append(" | ").append(scores).append(" | ").append(r.sourceKind()).append(": ")
          .append(r.sourceReference().replace("|", "\\|")).append(" | ")
          .append(r.tolerance() == 0 ? "exact"
              : "±" + java.math.BigDecimal.valueOf(r.tolerance()).stripTrailingZeros().toPlainString()).append(" |\n");
    }
    return sb.toString();
  }
}

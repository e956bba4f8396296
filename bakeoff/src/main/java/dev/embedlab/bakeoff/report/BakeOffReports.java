package dev.embedlab.bakeoff.report;

import dev.embedlab.bakeoff.BakeOffResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes every report of a bake-off into one folder. */
public final class BakeOffReports {
  private BakeOffReports() {}

  /**
   * The files written by {@link #writeAll}.
   *
   * @param json {@code bakeoff.json} ({@link BakeOffJson})
   * @param markdown {@code bakeoff.md} ({@link MarkdownReport})
   * @param html {@code bakeoff.html} ({@link HtmlReport})
   */
  public record Written(Path json, Path markdown, Path html) {}

  /** Writes {@code bakeoff.json}, {@code bakeoff.md} and {@code bakeoff.html} into {@code dir}. */
  public static Written writeAll(BakeOffResult r, Path dir) throws IOException {
    Files.createDirectories(dir);
    Written f = new Written(dir.resolve("bakeoff.json"), dir.resolve("bakeoff.md"), dir.resolve("bakeoff.html"));
    BakeOffJson.write(r, f.json());
    MarkdownReport.write(r, f.markdown());
    HtmlReport.write(r, f.html());
    return f;
  }

  /**
   * The console blocks that follow {@link ConsoleReport}: what each API candidate cost this run (and
   * which vectors were reused) and the RAGAS context metrics.
   */
  public static void printCostAndRag(BakeOffResult r, java.io.PrintStream out) {
    ReportExtras.console(r, out);
  }

  /** The synthetic-set line for the top of the console output, or "" when the set was judged by people. */
  public static String syntheticLine(BakeOffResult r) {
    return r.synthetic() == null ? "" : syntheticLine(r.synthetic());
  }

  /** The synthetic-set line for the top of the console output. */
  public static String syntheticLine(dev.embedlab.bakeoff.SyntheticSet s) {
    return "SYNTHETIC SET: " + s.describe();
  }
}

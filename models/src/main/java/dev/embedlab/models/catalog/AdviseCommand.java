package dev.embedlab.models.catalog;

import dev.embedlab.core.cli.CliCommand;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * {@code advise --language ko --task retrieval [--max-params N] [--max-dim D] [--open-weights-only]
 * [--top K]}: prints a shortlist from published MTEB scores and the bake-off command that measures it.
 * A command-line host (the picocli CLI) calls {@link #run(String[], PrintStream, PrintStream)}.
 */
public final class AdviseCommand {
  /** The usage line printed with every command-line mistake. */
  public static final String USAGE = "usage: advise --language LANG --task TYPE [--max-params N] [--max-dim D]"
      + " [--open-weights-only] [--top K] [--bakeoff-command TEXT]";

  private AdviseCommand() {}

  /** Runs {@link #run} on the process's streams and exits with its code. */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    System.exit(run(args, out, System.err));
  }

  /**
   * Parses {@code args}, prints the shortlist to {@code out}.
   *
   * @return 0 on success, 2 for a command-line mistake (the message, what exists and the usage line go
   *     to {@code err})
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    String language = null;
    String task = null;
    Long maxParams = null;
    Integer maxDim = null;
    boolean open = false;
    int top = AdviceQuery.DEFAULT_TOP;
    String command = ShortlistText.DEFAULT_BAKEOFF;
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--language" -> language = CliCommand.optionValue(args, ++i, a);
          case "--task" -> task = CliCommand.optionValue(args, ++i, a);
          case "--max-params" -> maxParams = parseCount(CliCommand.optionValue(args, ++i, a), a);
          case "--max-dim" -> maxDim = (int) Math.min(Integer.MAX_VALUE, parseCount(CliCommand.optionValue(args, ++i, a), a));
          case "--top" -> top = (int) Math.min(Integer.MAX_VALUE, parseCount(CliCommand.optionValue(args, ++i, a), a));
          case "--open-weights-only" -> open = true;
          case "--bakeoff-command" -> command = CliCommand.optionValue(args, ++i, a);
          case "--help", "-h" -> {
            out.println(USAGE);
            out.println("Ranks models by published MTEB scores (not measured here); --max-params accepts 300M or 1.5B.");
            return 0;
          }
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if (language == null || task == null) {
        throw new IllegalArgumentException("--language and --task are required");
      }
      AdviceQuery q = new AdviceQuery(language, task, maxParams, maxDim, open, top);
      Shortlist s = Advisor.shipped().advise(q);
      out.print(ShortlistText.render(s, command));
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("advise: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
  }

  /** "300M", "1.5B", "12000", "768"; positive. */
  static long parseCount(String text, String option) {
    String t = text.trim().toUpperCase(Locale.ROOT);
    double scale = 1;
    if (t.endsWith("K") || t.endsWith("M") || t.endsWith("B")) {
      scale = switch (t.charAt(t.length() - 1)) {
        case 'K' -> 1e3;
        case 'M' -> 1e6;
        default -> 1e9;
      };
      t = t.substring(0, t.length() - 1);
    }
    double v;
    try {
      v = Double.parseDouble(t) * scale;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": expected a positive number such as 300M, 1.5B or 768; got \""
          + text + "\"");
    }
    if (!(v >= 1) || !Double.isFinite(v)) {
      throw new IllegalArgumentException(option + " must be >= 1; got \"" + text + "\"");
    }
    return Math.round(v);
  }
}

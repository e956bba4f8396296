package dev.embedlab.eval.regression;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code reproduce NAME… | --all | --list [--shared DIR] [--mteb-out DIR]}: runs shipped regression files
 * and says, per metric, whether the published or pinned number was reproduced; with {@code --mteb-out}
 * each run is also written as an MTEB result file ({@link MtebResultWriter}). Exit 0 when every check
 * passed, 1 when one did not, 2 for a usage mistake.
 */
public final class ReproduceCommand {
  private ReproduceCommand() {}

  /** Runs the command; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    List<String> names = new ArrayList<>();
    Path shared = null;
    Path mtebOut = null;
    boolean all = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--all" -> all = true;
        case "--list" -> {
          for (Regression r : Regressions.all()) {
            out.println(r.name() + "\t" + r.title() + "\t" + r.datasetPath() + "\t" + r.candidate());
          }
          return 0;
        }
        case "--shared" -> {
          if (i + 1 == args.length) {
            err.println("--shared needs a folder (the one holding data/)");
            return 2;
          }
          shared = Path.of(args[++i]);
        }
        case "--mteb-out" -> {
          if (i + 1 == args.length) {
            err.println("--mteb-out needs a folder (MTEB result files are written under it)");
            return 2;
          }
          mtebOut = Path.of(args[++i]);
        }
        case "-h", "--help" -> {
          out.println("usage: reproduce NAME... | --all | --list [--shared DIR] [--mteb-out DIR]");
          out.println("  runs shipped regression files; --shared DIR holds data/ (default: $EMBEDLAB_SHARED or ../shared)");
          out.println("  --mteb-out DIR also writes each run as DIR/CANDIDATE/no_revision_available/TASK.json (MTEB's format)");
          return 0;
        }
        default -> {
          if (args[i].startsWith("-")) {
            err.println("unknown option '" + args[i] + "'; expected NAME..., --all, --list, --shared DIR or --mteb-out DIR");
            return 2;
          }
          names.add(args[i]);
        }
      }
    }
    if (shared == null) {
      String env = System.getenv("EMBEDLAB_SHARED");
      shared = Path.of(env != null ? env : "../shared");
    }
    if (!Files.isDirectory(shared.resolve("data"))) {
      err.println("no data/ folder under " + shared.toAbsolutePath() + "; pass --shared DIR (the folder holding data/)");
      return 2;
    }
    List<Regression> todo = new ArrayList<>();
    try {
      if (all) {
        todo.addAll(Regressions.all());
      }
      for (String n : names) {
        todo.add(Regressions.load(n));
      }
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
    if (todo.isEmpty()) {
      err.println("nothing to reproduce; name regressions (see --list) or pass --all");
      return 2;
    }
    out.printf(Locale.ROOT, "reproduce: %d regression(s); Java %s on %s %s, %d cores%n", todo.size(),
        System.getProperty("java.version"), System.getProperty("os.name"), System.getProperty("os.arch"),
        Runtime.getRuntime().availableProcessors());
    long t0 = System.nanoTime();
    int failed = 0;
    for (Regression r : todo) {
      try {
        RegressionRunner.Measured m = Regressions.runnerFor(r).run(r, shared, out);
        if (!Regressions.report(r, m, out)) {
          failed++;
        }
        if (mtebOut != null) {
          out.println("     wrote " + MtebResultWriter.write(mtebOut, r.candidate(), MtebResultWriter.fromRegression(r, m)));
        }
      } catch (IOException | RuntimeException e) {
        failed++;
        out.println("FAIL " + r.name() + ": " + e.getMessage());
      }
    }
    String total = String.format(Locale.ROOT, " (%.1f s)", (System.nanoTime() - t0) / 1e9);
    out.println((failed == 0 ? "reproduced " + todo.size() + " of " + todo.size()
        : "FAILED " + failed + " of " + todo.size()) + total);
    return failed == 0 ? 0 : 1;
  }

  /** Runs {@link #run} and exits with its code when not 0. */
  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }
}

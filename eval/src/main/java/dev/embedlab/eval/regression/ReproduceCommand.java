package dev.embedlab.eval.regression;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code reproduce NAME… | --all | --list [--shared DIR]}: runs shipped regression files and says, per
 * metric, whether the published or pinned number was reproduced. Exit 0 when every check passed, 1
 * when one did not, 2 for a usage mistake.
 */
public final class ReproduceCommand {
  private ReproduceCommand() {}

  /** Runs the command; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    List<String> names = new ArrayList<>();
    Path shared = null;
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
        case "-h", "--help" -> {
          out.println("usage: reproduce NAME... | --all | --list [--shared DIR]");
          out.println("  runs shipped regression files; DIR holds data/ (default: $EMBEDLAB_SHARED or ../shared)");
          return 0;
        }
        default -> {
          if (args[i].startsWith("-")) {
            err.println("unknown option '" + args[i] + "'; expected NAME..., --all, --list or --shared DIR");
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
    int failed = 0;
    for (Regression r : todo) {
      try {
        if (!Regressions.reproduce(r, shared, out)) {
          failed++;
        }
      } catch (IOException | RuntimeException e) {
        failed++;
        out.println("FAIL " + r.name() + ": " + e.getMessage());
      }
    }
    out.println(failed == 0 ? "reproduced " + todo.size() + " of " + todo.size()
        : "FAILED " + failed + " of " + todo.size());
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

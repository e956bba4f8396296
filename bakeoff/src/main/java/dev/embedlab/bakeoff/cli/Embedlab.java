package dev.embedlab.bakeoff.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.Set;
import dev.embedlab.core.cli.CliCommand;
import dev.embedlab.core.cli.Suggestions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code embedlab} command line: {@code bakeoff} (the default when no command is named, so
 * {@code embedlab --beir DIR --models a,b} runs a bake-off as it always did), {@code embed} (a text or
 * JSONL file through one model) and {@code tune} (the ANN parameter sweep), plus every
 * {@link CliCommand} a module on the class path brings ({@code advise}, {@code reproduce},
 * {@code prepare}, {@code train-static}, {@code int8-static}; {@code embedlab help} lists them). Options are parsed by
 * picocli with generated help; every mistake prints one line naming the value, what was expected and
 * what exists, then the usage line, and exits with code 2; any other failure exits with 1.
 */
@Command(name = "embedlab", description = "Choose, measure and improve text embeddings on the JVM.",
    subcommands = {EmbedCommand.class, TuneCommand.class},
    footer = {"", "Without a command, embedlab runs the bake-off: embedlab [bakeoff] [OPTIONS] (bakeoff --help lists them)."})
public final class Embedlab {
  private static final Set<String> COMMANDS = Set.of("bakeoff", "embed", "tune", "help");

  private Embedlab() {}

  /** Runs {@link #run(String[], PrintStream, PrintStream)} and exits with its code when not 0. */
  public static void main(String[] args) {
    System.setProperty("OPT_OUT_TRACKING", "true");
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Runs the command {@code args} name (the bake-off when the first argument names no command).
   *
   * @return 0 when done (or after {@code --help}), 2 for a command-line or data-file mistake, 1 for
   *     any other failure
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    String first = args.length == 0 ? "" : args[0];
    Map<String, CliCommand> modules = moduleCommands();
    CliCommand module = modules.get(first);
    if (module != null && !COMMANDS.contains(first)) {
      return module.run(Arrays.copyOfRange(args, 1, args.length), out, err);
    }
    if (!COMMANDS.contains(first) || first.equals("bakeoff")) {
      String[] rest = first.equals("bakeoff") ? Arrays.copyOfRange(args, 1, args.length) : args;
      return BakeOffMain.run(rest, out, err);
    }
    if (first.equals("help")) {
      out.print(top().getUsageMessage(CommandLine.Help.Ansi.OFF));
      if (!modules.isEmpty()) {
        out.println();
        out.println("Commands from the modules on the class path:");
        modules.values().forEach(c -> out.printf("  %-13s %s%n", c.name(), c.summary()));
      }
      return 0;
    }
    CommandLine cl = top();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setParameterExceptionHandler((e, a) -> {
      err.println(e.getCommandLine().getCommandName() + ": " + message(e));
      err.println(e.getCommandLine().getHelp().synopsis(0).strip());
      err.println("(--help lists every option)");
      return 2;
    });
    cl.setExecutionExceptionHandler((e, c, p) -> {
      if (e instanceof BakeOffOptions.UsageException || e instanceof BakeOffMain.DataException) {
        err.println(c.getCommandName() + ": " + e.getMessage());
        return 2;
      }
      err.println(c.getCommandName() + " failed: " + e);
      return 1;
    });
    return cl.execute(args);
  }

  /** The {@link CliCommand}s on the class path, by name. */
  static Map<String, CliCommand> moduleCommands() {
    Map<String, CliCommand> out = new TreeMap<>();
    for (CliCommand c : ServiceLoader.load(CliCommand.class)) {
      CliCommand prev = out.put(c.name(), c);
      if (prev != null) {
        throw new IllegalStateException("command '" + c.name() + "' is offered twice: " + prev.getClass().getName()
            + " and " + c.getClass().getName());
      }
    }
    return out;
  }

  private static CommandLine top() {
    CommandLine cl = commandLine(new Embedlab());
    cl.addSubcommand("bakeoff", commandLine(new BakeOffArgs()));
    return cl;
  }

  /** A picocli command line with this project's parsing rules for {@code command}. */
  static CommandLine commandLine(Object command) {
    return new CommandLine(command)
        .setExpandAtFiles(false) // "@x" is a value (a prefix, a name), never a file of arguments
        .setOverwrittenOptionsAllowed(true) // the last of a repeated single-valued option wins
        .setCaseInsensitiveEnumValuesAllowed(true);
  }

  /**
   * One line for a picocli parse error in this project's words: the option and value, what was
   * expected, and what exists (the closest option, every known option).
   */
  static String message(CommandLine.ParameterException e) {
    if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String arg = u.getUnmatched().get(0);
      if (!arg.startsWith("-")) {
        return "unexpected argument \"" + arg + "\"; expected options starting with -- (see --help)";
      }
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      List<String> known = new ArrayList<>();
      for (OptionSpec o : e.getCommandLine().getCommandSpec().options()) {
        if (!o.usageHelp()) {
          known.add(o.longestName());
        }
      }
      List<String> closest = Suggestions.nearest(name, known, 3);
      return "unknown option " + name + (closest.isEmpty() ? "" : " (did you mean " + closest.get(0) + "?)")
          + "; known options: " + String.join(" ", known) + " --help";
    }
    ArgSpec spec = e.getArgSpec();
    if (e instanceof CommandLine.MissingParameterException m && !m.getMissing().isEmpty()) {
      spec = m.getMissing().get(0);
    }
    if (spec instanceof OptionSpec o) {
      if (e.getCause() instanceof CommandLine.TypeConversionException t) {
        return o.longestName() + " " + e.getValue() + ": " + t.getMessage();
      }
      if (e.getMessage().startsWith("Missing required option")) {
        return "missing " + o.longestName() + "; expected " + o.longestName() + " " + o.paramLabel() + " ("
            + String.join(" ", o.description()) + ")";
      }
      if (e instanceof CommandLine.MissingParameterException || e.getMessage().contains("parameter for option")) {
        return o.longestName() + " needs a value; expected " + o.longestName() + " " + o.paramLabel();
      }
    }
    return e.getMessage();
  }
}

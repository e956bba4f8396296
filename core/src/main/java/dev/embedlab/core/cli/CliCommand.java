package dev.embedlab.core.cli;

import java.io.PrintStream;

/**
 * A command of the {@code embedlab} command line that a module brings with it ({@code advise} from
 * models, {@code reproduce} from eval, {@code prepare} from rag, {@code train-static} from the static
 * module), found through {@link java.util.ServiceLoader} by its {@link #name()}, so the command line
 * offers exactly the commands of the modules on the class path and no module depends on the CLI.
 *
 * <p>Contract: {@link #run} prints its own {@code --help}; returns 0 when done, 2 for a command-line
 * or data-file mistake (after printing one line that names the value, what was expected and what
 * exists), 1 for any other failure; never calls {@link System#exit}.
 */
public interface CliCommand {

  /** The command's name, lower case, e.g. {@code advise}. */
  String name();

  /** One line for the command list. */
  String summary();

  /** Runs the command with {@code args} (the words after its name). */
  int run(String[] args, PrintStream out, PrintStream err);

  /**
   * {@code args[i]}, the value given after {@code option}.
   *
   * @throws IllegalArgumentException "OPTION needs a value" when the arguments end first
   */
  static String optionValue(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  /**
   * {@code value} as a whole number >= 1.
   *
   * @throws IllegalArgumentException "OPTION VALUE: expected a whole number >= 1; found ..." (the picocli
   *     commands' wording)
   */
  static int positiveCount(String option, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n >= 1) {
        return n;
      }
      throw new IllegalArgumentException(option + " " + value + ": expected a whole number >= 1; found " + n);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " " + value + ": expected a whole number >= 1; found \"" + value + "\"");
    }
  }
}

package dev.embedlab.eval.regression;

import dev.embedlab.core.cli.CliCommand;
import java.io.PrintStream;

/** {@code embedlab reproduce}: runs shipped regression files (see {@link ReproduceCommand}). */
public final class ReproduceCliCommand implements CliCommand {
  @Override
  public String name() {
    return "reproduce";
  }

  @Override
  public String summary() {
    return "reproduce published and pinned scores from the shipped regression files (NAME... | --all | --list)";
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) {
    return ReproduceCommand.run(args, out, err);
  }
}

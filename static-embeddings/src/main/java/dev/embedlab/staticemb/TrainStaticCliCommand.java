package dev.embedlab.staticemb;

import dev.embedlab.core.cli.CliCommand;
import java.io.PrintStream;

/** {@code embedlab train-static}: trains a static model on a team's pairs (see {@link TrainStaticCommand}). */
public final class TrainStaticCliCommand implements CliCommand {
  @Override
  public String name() {
    return "train-static";
  }

  @Override
  public String summary() {
    return "train a static embedding model on your own pairs (--pairs FILE), seeded and reproducible";
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) {
    return TrainStaticCommand.run(args, out, err);
  }
}

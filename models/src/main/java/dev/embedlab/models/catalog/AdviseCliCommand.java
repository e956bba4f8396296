package dev.embedlab.models.catalog;

import dev.embedlab.core.cli.CliCommand;
import java.io.PrintStream;

/** {@code embedlab advise}: a shortlist from published MTEB scores (see {@link AdviseCommand}). */
public final class AdviseCliCommand implements CliCommand {
  @Override
  public String name() {
    return "advise";
  }

  @Override
  public String summary() {
    return "shortlist models from published MTEB scores (e.g. --language ko --task retrieval)";
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) {
    return AdviseCommand.run(args, out, err);
  }
}

package dev.embedlab.rag;

import dev.embedlab.core.cli.CliCommand;
import java.io.PrintStream;

/** {@code embedlab prepare}: a folder of files to a (synthetic) BEIR set (see {@link PrepareCommand}). */
public final class PrepareCliCommand implements CliCommand {
  @Override
  public String name() {
    return "prepare";
  }

  @Override
  public String summary() {
    return "a folder of PDF/HTML/DOCX/Markdown/text files to a BEIR set, with synthetic questions from a chat endpoint";
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) {
    return PrepareCommand.run(args, out, err);
  }
}

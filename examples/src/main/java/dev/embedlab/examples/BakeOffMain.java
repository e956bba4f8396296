package dev.embedlab.examples;

import dev.embedlab.bakeoff.cli.Embedlab;

/**
 * The bake-off from the examples module, where every shipped model is on the class path: the
 * {@code embedlab} command line ({@link Embedlab}, module {@code embedlab-bakeoff}), whose default
 * command is the bake-off.
 *
 * <pre>
 * mvn -q -pl examples exec:java                      # on the bundled Korean/English demo set
 * mvn -q -pl examples exec:java -Dexec.args="--beir ../shared/data/scifact --split test --max-queries 100 --max-docs 2000"
 * mvn -q -pl examples exec:java -Dexec.args="--help"  # every option with a sentence
 * mvn -q -pl examples exec:java -Dexec.args="tune --beir ../shared/data/scifact --quick"
 * </pre>
 */
public final class BakeOffMain {
  private BakeOffMain() {}

  /** Runs {@code embedlab ARGS}; exits with its code when not 0. */
  public static void main(String[] args) {
    Embedlab.main(args);
  }
}

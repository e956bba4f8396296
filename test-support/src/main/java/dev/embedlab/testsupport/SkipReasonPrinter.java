package dev.embedlab.testsupport;

import java.io.PrintStream;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Prints one console line per skipped ({@code @Disabled}, disabled by a condition) or aborted
 * (failed assumption) test or test class, e.g.
 * {@code SKIPPED dev.embedlab.it.SciFactTest#ndcgMatchesTrecEval: ../shared/data/scifact absent},
 * so a reader of the build log sees why a test did not run without opening the surefire XML.
 *
 * <p>Registered with the JUnit Platform through {@code META-INF/services}; every embedlab module
 * has this artifact on its test classpath (see embedlab-parent).
 */
public final class SkipReasonPrinter implements TestExecutionListener {
  private final PrintStream out;

  /** Prints to {@code System.out}, which surefire copies to the build console. */
  public SkipReasonPrinter() {
    this(System.out);
  }

  /** Prints to {@code out} (for tests of this class). */
  public SkipReasonPrinter(PrintStream out) {
    if (out == null) {
      throw new IllegalArgumentException("out must not be null");
    }
    this.out = out;
  }

  @Override
  public void executionSkipped(TestIdentifier test, String reason) {
    print("SKIPPED", test, reason);
  }

  @Override
  public void executionFinished(TestIdentifier test, TestExecutionResult result) {
    if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
      print("SKIPPED", test, result.getThrowable().map(Throwable::getMessage).orElse(null));
    }
  }

  private void print(String what, TestIdentifier test, String reason) {
    String line = what + " " + name(test) + ": "
        + (reason == null || reason.isBlank() ? "(no reason given)" : oneLine(reason));
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  /** {@code class#method} for a test method, the class name for a test class, else the display name. */
  static String name(TestIdentifier test) {
    Optional<TestSource> src = test.getSource();
    if (src.isPresent() && src.get() instanceof MethodSource m) {
      // One invocation of a parameterised or repeated test: its display name ("[2] fp32") tells them apart.
      String suffix = test.getUniqueId().contains("-invocation:") ? " " + test.getDisplayName() : "";
      return m.getClassName() + "#" + m.getMethodName() + suffix;
    }
    if (src.isPresent() && src.get() instanceof ClassSource c) {
      return c.getClassName();
    }
    return test.getDisplayName();
  }

  private static String oneLine(String s) {
    String t = s.strip();
    if (t.startsWith("Assumption failed: ")) {   // JUnit's prefix for a failed assumeTrue(..., reason)
      t = t.substring("Assumption failed: ".length());
    }
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl).strip() + " …";
  }
}

package dev.embedlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.embedlab.testsupport.SkipReasonPrinter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** The console line every module prints for a skipped or aborted test (embedlab-test-support). */
class SkipReasonPrinterTest {

  /** Run only through the launcher below (surefire does not pick up nested classes). */
  static class Sample {
    @Test
    @Disabled("needs a GPU")
    void disabled() {}

    @Test
    void aborted() {
      Assumptions.assumeTrue(false, "../shared/data/scifact absent\nsecond line");
    }

    @Test
    void runs() {}
  }

  @Test
  void printsOneLinePerDisabledOrAbortedTestWithItsReason() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    Launcher launcher = LauncherFactory.create(
        LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false).build());
    launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Sample.class)).build(),
        new SkipReasonPrinter(new PrintStream(buf, true, StandardCharsets.UTF_8)));
    List<String> lines = buf.toString(StandardCharsets.UTF_8).lines().sorted().toList();
    String cls = Sample.class.getName();
    assertEquals(List.of(
        "SKIPPED " + cls + "#aborted: ../shared/data/scifact absent …",
        "SKIPPED " + cls + "#disabled: needs a GPU"), lines);
  }
}

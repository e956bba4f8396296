package dev.embedlab.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.embedlab.compress.internal.Nd4jSupport;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The probe and the coordinates its messages give. */
class Nd4jSupportTest {

  private static List<String> jarNames() {
    List<String> names = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(Pattern.quote(File.pathSeparator))) {
      Path f = Path.of(e).getFileName();
      if (f != null) {
        names.add(f.toString());
      }
    }
    return names;
  }

  @Test
  void theVersionsInTheMessageAreTheOnesWeBuildWith() {
    Pattern nd4j = Pattern.compile("nd4j-native-(\\d[^-]*-M[\\d.]+)\\.jar");
    Pattern openblas = Pattern.compile("openblas-(\\d+\\.\\d+\\.\\d+-\\d+\\.\\d+\\.\\d+)\\.jar");
    String nd4jVersion = null;
    String openblasVersion = null;
    for (String n : jarNames()) {
      Matcher m = nd4j.matcher(n);
      if (m.matches()) {
        nd4jVersion = m.group(1);
      }
      m = openblas.matcher(n);
      if (m.matches()) {
        openblasVersion = m.group(1);
      }
    }
    assertEquals(nd4jVersion, Nd4jSupport.ND4J_VERSION, "nd4j-native on the test class path: " + jarNames());
    assertEquals(openblasVersion, Nd4jSupport.OPENBLAS_VERSION, "openblas on the test class path");
    String how = Nd4jSupport.howToAdd();
    assertTrue(how.contains("org.nd4j:nd4j-native:1.0.0-M2.1:linux-x86_64 plus org.bytedeco:openblas:0.3.19-1.5.7:linux-x86_64"), how);
    assertTrue(how.contains("macosx-arm64") && how.contains("windows-x86_64") && how.contains("linux-arm64"), how);
  }

  @Test
  void theProbeAgreesWithTheClassPath() {
    boolean platformJars = jarNames().stream().anyMatch(n -> n.matches("nd4j-native-.*-linux-x86_64\\.jar"))
        && "amd64".equals(System.getProperty("os.arch")) && System.getProperty("os.name").startsWith("Linux");
    if (Boolean.getBoolean(Nd4jSupport.DISABLE_PROPERTY)) { // -DargLine='-Dembedlab.nd4j.disabled=true'
      assertFalse(Nd4jSupport.isAvailable());
      assertEquals("disabled by -Dembedlab.nd4j.disabled=true", Nd4jSupport.unavailableReason());
    } else if (platformJars) {
      assertTrue(Nd4jSupport.isAvailable(), "reason: " + Nd4jSupport.unavailableReason());
      assertNull(Nd4jSupport.unavailableReason());
      // ND4J's start-up logging was switched off before it initialised (the user had not set it)
      assertEquals("false", System.getProperty(Nd4jSupport.LOG_INITIALIZATION));
    } else {
      assumeTrue(false, "no linux-x86_64 platform jars here; the forked-JVM test in eval covers their absence");
    }
  }
}

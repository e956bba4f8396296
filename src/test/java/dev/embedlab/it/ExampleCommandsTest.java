package dev.embedlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every example command the README documents runs what it names: each {@code -Dexec.mainClass=}
 * class and each listed example is a class with {@code public static void main(String[])}, and
 * {@code examples/pom.xml} takes the main class from the {@code exec.mainClass} property (a
 * {@code <mainClass>} element would override the command line, which is how {@code QuickStart} once
 * ran the bake-off).
 */
class ExampleCommandsTest {

  @Test
  void everyDocumentedMainClassHasAMain() {
    String readme = RepoFiles.read("README.md");
    Set<String> classes = new LinkedHashSet<>();
    Matcher m = Pattern.compile("-Dexec\\.mainClass=([\\w.$]+)").matcher(readme);
    while (m.find()) {
      classes.add(m.group(1));
    }
    assertFalse(classes.isEmpty(), "README documents at least one -Dexec.mainClass command");
    // The list of runnable examples: "Examples you can run ...: `A`, `B` ... and `C`."
    int at = readme.indexOf("Examples you can run");
    assertTrue(at >= 0, "README lists the runnable examples");
    String list = readme.substring(at, readme.indexOf(". ", readme.indexOf("`", at)) + 1);
    Matcher names = Pattern.compile("`([A-Z]\\w+)`").matcher(list);
    int listed = 0;
    while (names.find()) {
      classes.add("dev.embedlab.examples." + names.group(1));
      listed++;
    }
    assertTrue(listed >= 8, "README names the 8 examples; found " + listed + " in: " + list);
    classes.add(defaultMainClass());
    for (String c : classes) {
      assertHasMain(c);
    }
  }

  @Test
  void examplesPomTakesTheMainClassFromTheCommandLine() {
    String pom = RepoFiles.read("examples/pom.xml").replaceAll("(?s)<!--.*?-->", "");
    assertFalse(pom.contains("<mainClass>"), "examples/pom.xml must not hard-code <mainClass>: "
        + "it would win over -Dexec.mainClass");
    assertEquals("dev.embedlab.examples.BakeOffMain", defaultMainClass(),
        "the README's main job (exec:java without -Dexec.mainClass) is the bake-off");
  }

  private static String defaultMainClass() {
    Matcher m = Pattern.compile("<exec\\.mainClass>([\\w.$]+)</exec\\.mainClass>")
        .matcher(RepoFiles.read("examples/pom.xml"));
    assertTrue(m.find(), "examples/pom.xml sets the property exec.mainClass");
    return m.group(1);
  }

  private static void assertHasMain(String className) {
    try {
      Method main = Class.forName(className).getMethod("main", String[].class);
      int mod = main.getModifiers();
      assertTrue(Modifier.isPublic(mod) && Modifier.isStatic(mod) && main.getReturnType() == void.class,
          className + ".main must be public static void");
    } catch (ClassNotFoundException e) {
      fail("README names " + className + ", which is not on the examples classpath");
    } catch (NoSuchMethodException e) {
      fail(className + " has no main(String[])");
    }
  }
}

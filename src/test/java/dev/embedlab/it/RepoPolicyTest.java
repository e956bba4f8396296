package dev.embedlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Rules that hold for the whole tree, checked on the sources a reader sees: one logging path (SLF4J),
 * POM metadata that Maven Central requires on every published module.
 */
class RepoPolicyTest {

  private static List<Path> mainSources() throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(RepoFiles.root())) {
      s.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> p.toString().contains("/src/main/java/"))
          .filter(p -> !p.toString().contains("/target/"))
          .forEach(out::add);
    }
    return out;
  }

  @Test
  void libraryCodeLogsOnlyThroughSlf4j() throws IOException {
    Pattern other = Pattern.compile("System\\.getLogger|java\\.util\\.logging|System\\.Logger");
    List<String> offenders = new ArrayList<>();
    List<Path> sources = mainSources();
    assertTrue(sources.size() > 100, "expected the tree's main sources; found " + sources.size());
    for (Path p : sources) {
      String text = Files.readString(p, StandardCharsets.UTF_8);
      Matcher m = other.matcher(text);
      if (m.find()) {
        offenders.add(RepoFiles.root().relativize(p) + " uses " + m.group());
      }
    }
    assertEquals(List.of(), offenders,
        "a consumer's SLF4J binding (slf4j-nop included) must be able to silence every log line");
  }

  @Test
  void everyModuleHasTheMetadataMavenCentralRequires() throws IOException {
    String root = RepoFiles.read("pom.xml");
    for (String tag : List.of("url", "scm", "developers", "licenses", "description", "name")) {
      assertTrue(root.contains("<" + tag + ">"), "root pom.xml lacks <" + tag + ">");
    }
    Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(root);
    int modules = 0;
    while (m.find()) {
      String pom = RepoFiles.read(m.group(1) + "/pom.xml");
      modules++;
      assertTrue(pom.contains("<name>") && pom.contains("<description>"),
          m.group(1) + "/pom.xml must have <name> and <description> (Central requires both)");
      if (!pom.contains("<parent>")) {
        for (String tag : List.of("url", "scm", "developers", "licenses")) {
          assertTrue(pom.contains("<" + tag + ">"), m.group(1) + "/pom.xml has no parent and lacks <" + tag + ">");
        }
      }
    }
    assertTrue(modules > 10, "expected the root pom's module list; found " + modules);
  }
}

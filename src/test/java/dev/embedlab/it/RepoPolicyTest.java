package dev.embedlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  /** The one main source allowed to touch java.util.logging: to quiet jvector's own JUL warning. */
  private static final String QUIETS_A_DEPENDENCYS_JUL_LOGGER = "ann/src/main/java/dev/embedlab/ann/JVectorRetriever.java";

  @Test
  void libraryCodeLogsOnlyThroughSlf4j() throws IOException {
    Pattern other = Pattern.compile("System\\.getLogger|java\\.util\\.logging|System\\.Logger");
    List<String> offenders = new ArrayList<>();
    List<Path> sources = mainSources();
    assertTrue(sources.size() > 100, "expected the tree's main sources; found " + sources.size());
    for (Path p : sources) {
      String text = Files.readString(p, StandardCharsets.UTF_8);
      String rel = RepoFiles.root().relativize(p).toString();
      if (rel.equals(QUIETS_A_DEPENDENCYS_JUL_LOGGER)) {
        // jvector warns through java.util.logging on Java < 20; this file only raises that logger's
        // level around one lookup and logs nothing itself: no JUL call other than getLogger/get/setLevel.
        Matcher calls = Pattern.compile("\\blog\\.(?!setLevel|getLevel)\\w+\\(").matcher(text);
        if (calls.find()) {
          offenders.add(rel + " calls java.util.logging " + calls.group());
        }
        continue;
      }
      Matcher m = other.matcher(text);
      if (m.find()) {
        offenders.add(rel + " uses " + m.group());
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

  /** The dependency rule of DESIGN.md, read from the POMs (compile and runtime scope; tests may use more). */
  @Test
  void everyNeverArrowHolds() {
    Map<String, Set<String>> never = new LinkedHashMap<>();
    never.put("core", Set.of("*"));
    never.put("data", Set.of("models", "eval", "compress", "ann", "bakeoff"));
    never.put("eval", Set.of("models", "bakeoff"));
    never.put("compress", Set.of("models", "eval", "bakeoff"));
    never.put("ann", Set.of("eval", "models", "bakeoff"));
    never.put("monitor", Set.of("models", "compress", "ann", "bakeoff"));
    never.put("store", Set.of("models", "compress", "ann", "bakeoff"));
    Pattern dep = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);
    Pattern art = Pattern.compile("<artifactId>embedlab-([a-z0-9.-]+)</artifactId>");
    List<String> broken = new ArrayList<>();
    never.forEach((module, forbidden) -> {
      Matcher m = dep.matcher(RepoFiles.read(module + "/pom.xml"));
      while (m.find()) {
        String block = m.group(1);
        Matcher a = art.matcher(block);
        if (!a.find() || block.contains("<scope>test</scope>") || a.group(1).equals("test-support")) {
          continue;
        }
        String target = a.group(1);
        if (forbidden.contains("*") || forbidden.contains(target)) {
          broken.add(module + " -> " + target);
        }
      }
    });
    assertEquals(List.of(), broken, "DESIGN.md's dependency rule");
  }

  /** No class over 600 lines in main code (issue 16). */
  @Test
  void noMainClassIsOverSixHundredLines() throws IOException {
    List<String> big = new ArrayList<>();
    for (Path p : mainSources()) {
      long lines = Files.readAllLines(p, StandardCharsets.UTF_8).size();
      if (lines > 600) {
        big.add(RepoFiles.root().relativize(p) + " (" + lines + " lines)");
      }
    }
    assertEquals(List.of(), big, "split classes over 600 lines into cohesive parts");
  }
}

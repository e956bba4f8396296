package dev.embedlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder.Role;
import dev.embedlab.models.KnownModel;
import dev.embedlab.models.OnnxEmbedder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every {@link KnownModel} runs from the examples (the bake-off, the README's commands): its
 * one-dependency artifact {@code dev.embedlab:embedlab-model-<id>} exists as a module, is in the BOM
 * and on the examples classpath, names the weights jar the catalog names, and the model loads and
 * embeds a text.
 */
class KnownModelArtifactsTest {

  @ParameterizedTest
  @EnumSource(KnownModel.class)
  void artifactIsBuiltListedInTheBomAndMatchesTheCatalog(KnownModel m) throws IOException {
    String artifact = m.artifactId();
    String pom = RepoFiles.read("model-artifacts/" + m.id() + "/pom.xml");
    assertTrue(pom.contains("<artifactId>" + artifact + "</artifactId>"), "model-artifacts/" + m.id() + "/pom.xml declares " + artifact);
    String weights = m.mavenCoordinates().split(":")[1];
    assertTrue(pom.contains("<artifactId>" + weights + "</artifactId>"), artifact + " depends on " + weights);
    assertTrue(pom.contains("<exclusion><groupId>*</groupId><artifactId>*</artifactId></exclusion>"),
        artifact + " excludes every dependency of the weights jar");
    assertTrue(RepoFiles.read("bom/pom.xml").contains("<artifactId>" + artifact + "</artifactId>"), "embedlab-bom lists " + artifact);
    assertTrue(RepoFiles.read("examples/pom.xml").contains("<artifactId>" + artifact + "</artifactId>"), "examples depend on " + artifact);
    assertTrue(RepoFiles.read("README.md").contains(artifact), "README names " + artifact);

    Properties p = new Properties();
    try (InputStream in = getClass().getResourceAsStream("/META-INF/embedlab/models/" + m.id() + ".properties")) {
      assertNotNull(in, artifact + "'s marker is on the examples classpath");
      p.load(in);
    }
    assertEquals(m.name(), p.getProperty("model"));
    assertEquals("dev.embedlab:" + artifact, p.getProperty("artifact"));
    assertEquals(m.mavenCoordinates(), p.getProperty("weights"));
    assertTrue(Files.isDirectory(RepoFiles.root().resolve("model-artifacts").resolve(m.id())));
  }

  /** embedlab-bom and embedlab-test-support have no parent (on purpose), so their versions are kept by hand. */
  @Test
  void parentlessModulesCarryTheParentVersion() {
    String parent = version(RepoFiles.read("pom.xml"), "embedlab-parent");
    assertEquals(parent, version(RepoFiles.read("bom/pom.xml"), "embedlab-bom"), "bom/pom.xml version");
    assertEquals(parent, version(RepoFiles.read("test-support/pom.xml"), "embedlab-test-support"),
        "test-support/pom.xml version");
    assertTrue(RepoFiles.read("README.md").contains("<version>" + parent + "</version>"),
        "README's dependency blocks name version " + parent);
  }

  /**
   * Every library module of the reactor is in embedlab-bom, so the README's "import the BOM and
   * drop the versions" holds for each artifact it names; only the build's own modules (parent,
   * examples, end-to-end tests, benchmarks, the test-support listener and the BOM itself) are not.
   */
  @Test
  void theBomListsEveryLibraryModule() {
    String parentPom = RepoFiles.read("pom.xml");
    String bom = RepoFiles.read("bom/pom.xml");
    Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(parentPom);
    java.util.Set<String> notLibraries = java.util.Set.of("embedlab-examples", "embedlab-tests",
        "embedlab-benchmarks", "embedlab-test-support", "embedlab-bom");
    int checked = 0;
    while (modules.find()) {
      String pom = RepoFiles.read(modules.group(1) + "/pom.xml");
      Matcher own = Pattern.compile("</parent>\\s*<artifactId>([^<]+)</artifactId>").matcher(pom);
      Matcher first = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(pom);
      String artifact = own.find() ? own.group(1) : first.find() ? first.group(1) : "?";
      if (!notLibraries.contains(artifact)) {
        assertTrue(bom.contains("<artifactId>" + artifact + "</artifactId>"),
            "embedlab-bom lists " + artifact + " (module " + modules.group(1) + ")");
        checked++;
      }
    }
    assertTrue(checked >= 15, "checked " + checked + " library modules");
  }

  private static String version(String pom, String artifactId) {
    Matcher m = Pattern.compile("<artifactId>" + Pattern.quote(artifactId) + "</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(pom);
    assertTrue(m.find(), "no <artifactId>" + artifactId + "</artifactId><version> in the POM");
    return m.group(1);
  }

  @ParameterizedTest
  @EnumSource(KnownModel.class)
  void loadsAndEmbedsOnTheExamplesClasspath(KnownModel m) {
    try (OnnxEmbedder e = OnnxEmbedder.builder(m).build()) {
      float[] v = e.embed(List.of("A cat sits on the mat."), Role.DOCUMENT)[0];
      assertEquals(m.dimension(), v.length);
      double norm = 0;
      for (float x : v) {
        norm += x * x;
      }
      assertEquals(1.0, Math.sqrt(norm), 1e-4, m + " returns a unit vector");
      assertEquals(m.id(), e.id());
    }
  }
}

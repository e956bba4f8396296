package dev.embedlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.eval.regression.MtebResult;
import dev.embedlab.eval.regression.MtebResultWriter;
import dev.embedlab.eval.regression.Regression;
import dev.embedlab.eval.regression.RegressionRunner;
import dev.embedlab.eval.regression.Regressions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shipped regression files, run on the shared data with the shipped models' weights. In the suite:
 * the STSBenchmark files of the fp32 models (MTEB's published numbers) and the BM25 files (Anserini's).
 * Only with {@code -Dembedlab.slow=true}: the STSBenchmark files of the int8 models (the five STS files
 * took 6.6 min together on the contended 2-core build machine, 0.9-1.6 min each) and the SciFact files
 * of dense models (8 min and more per model there: 5,183 documents):
 * <pre>mvn -o -q -pl tests -am test -Dtest=ReproduceRegressionsTest -Dembedlab.slow=true -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * And the README's table of regressions is the one {@link Regressions#markdownTable} generates (the
 * pinned results tables: {@link PinnedTablesReproduceTest}).
 */
class ReproduceRegressionsTest {
  static final String BEGIN = "<!-- regressions:begin -->";
  static final String END = "<!-- regressions:end -->";

  static List<String> sts() {
    return names(r -> r.datasetKind().equals("sts"));
  }

  static List<String> stsFp32() {
    return names(r -> r.datasetKind().equals("sts") && r.sourceKind().equals("published"));
  }

  static List<String> slow() {
    return names(r -> r.candidate().startsWith("embedder:") && !stsFp32().contains(r.name()));
  }

  static List<String> bm25() {
    return names(r -> r.candidate().startsWith("bm25:"));
  }


  private static List<String> names(Predicate<Regression> which) {
    return Regressions.all().stream().filter(which).map(Regression::name).toList();
  }

  private static Path shared() {
    String p = System.getProperty("embedlab.shared", "../../shared");
    Path root = Path.of(p);
    Assumptions.assumeTrue(Files.isDirectory(root.resolve("data")), root.toAbsolutePath() + "/data absent (set -Dembedlab.shared); skipping");
    return root;
  }

  /** Runs {@code name} and asserts every check; returns what it measured. */
  private static RegressionRunner.Measured reproduce(String name) throws IOException {
    Regression r = Regressions.load(name);
    Path root = shared();
    Assumptions.assumeTrue(Files.exists(root.resolve(r.datasetPath())), r.datasetPath() + " absent; skipping");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
    RegressionRunner.Measured m = Regressions.runnerFor(r).run(r, root, out);
    boolean ok = Regressions.report(r, m, out);
    String text = log.toString(StandardCharsets.UTF_8);
    System.out.print(text);
    assertTrue(ok, name + " did not reproduce:\n" + text);
    return m;
  }

  @ParameterizedTest
  @MethodSource("stsFp32")
  void stsBenchmarkRegressionReproducesAndWritesMtebsFormat(String name, @TempDir Path dir) throws IOException {
    RegressionRunner.Measured m = reproduce(name);
    Regression r = Regressions.load(name);
    Path file = MtebResultWriter.write(dir, r.candidate(), MtebResultWriter.fromRegression(r, m));
    MtebResult back = MtebResult.parse(file.toString(), Files.readString(file), "test", "default");
    assertEquals("STSBenchmark", back.taskName());
    assertEquals("cosine_spearman", back.mainMetric());
    assertEquals(m.metrics().get("cosine_spearman"), back.mainScore(), 0.0);
  }

  @ParameterizedTest
  @MethodSource("bm25")
  void bm25RegressionReproducesAnseriniExactly(String name) throws IOException {
    reproduce(name);
  }

  @ParameterizedTest
  @MethodSource("slow")
  @EnabledIfSystemProperty(named = "embedlab.slow", matches = "true",
      disabledReason = "int8 STS and dense SciFact regressions take minutes; run with -Dembedlab.slow=true")
  void slowDenseRegressionReproduces(String name) throws IOException {
    reproduce(name);
  }

  @Test
  void everyShippedModelHasAnStsAndASciFactRegression() {
    for (String model : List.of("all-minilm-l6-v2", "all-minilm-l6-v2-q", "bge-small-en-v1.5", "bge-small-en-v1.5-q", "e5-small-v2-q")) {
      assertTrue(sts().contains("stsbenchmark." + model), "no STSBenchmark regression for " + model + ": " + sts());
      assertTrue(Regressions.names().contains("scifact." + model), "no SciFact regression for " + model + ": " + Regressions.names());
    }
    assertFalse(stsFp32().isEmpty(), "no published STS regression runs in the suite");
    assertTrue(slow().stream().anyMatch(n -> n.startsWith("scifact.")), "no dense SciFact regression: " + slow());
  }

  @Test
  void readmeTableIsTheGeneratedOne() {
    String table = Regressions.markdownTable(Regressions.all());
    String readme = RepoFiles.read("README.md");
    int b = readme.indexOf(BEGIN);
    int e = readme.indexOf(END);
    assertTrue(b >= 0 && e > b, "README.md must hold " + BEGIN + " before " + END + "; found them at " + b + " and " + e);
    assertEquals("\n" + table, readme.substring(b + BEGIN.length(), e),
        "README.md's regression table is not the generated one; replace the text between the markers with:\n" + table);
  }
}

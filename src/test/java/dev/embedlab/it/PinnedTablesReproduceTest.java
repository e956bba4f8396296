package dev.embedlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embedlab.bakeoff.cli.Embedlab;
import dev.embedlab.eval.metrics.Measure;
import dev.embedlab.eval.regression.PinnedTable;
import dev.embedlab.eval.regression.PinnedTables;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's generated tables (the regression table and every pinned results table) are what the
 * files generate, byte for byte; with {@code -Dembedlab.slow=true} each pinned table that has a
 * {@code reproduce} block is re-run (the bake-off command line on the shared data: SciFact 10-25 min,
 * KorQuAD 5-18 min on a shared 2-core machine) and its quality columns compared with the pinned values:
 * <pre>mvn -o -q -pl tests -am test -Dtest=PinnedTablesReproduceTest -Dembedlab.slow=true -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * After changing a file, rewrite the README's blocks with {@link PinnedTables#main}.
 */
class PinnedTablesReproduceTest {
  private static final Pattern MARKER = Pattern.compile("<!-- pinned:([^ ]+):begin -->");

  static List<String> rerunnable() {
    return PinnedTables.all().stream().filter(t -> !t.reproduceCommand().isEmpty()).map(PinnedTable::name).toList();
  }

  @Test
  void readmeHoldsEveryGeneratedTable() {
    String readme = RepoFiles.read("README.md");
    for (Map.Entry<String, String> e : PinnedTables.readmeBlocks().entrySet()) {
      assertTrue(readme.contains(e.getValue()), "README.md's block " + e.getKey() + " is not the generated one; run "
          + "PinnedTables.main(README.md) or put this between the markers:\n" + e.getValue());
    }
    assertEquals(PinnedTables.update(readme), readme, "README.md differs from the generated tables");
    Matcher m = MARKER.matcher(readme);
    while (m.find()) {
      assertTrue(PinnedTables.names().contains(m.group(1)), "README.md has a block for pinned table '" + m.group(1)
          + "', which no file pins; expected one of " + PinnedTables.names());
    }
  }

  @Test
  void rerunnableTablesNameTheCandidatesTheirRunReports() {
    assertFalse(rerunnable().isEmpty(), "expected at least one pinned table the suite can re-run");
    for (String name : rerunnable()) {
      PinnedTable t = PinnedTables.load(name);
      assertFalse(t.reproduceArgs().contains("--out"), name + ": the test chooses --out itself");
      for (Map<String, Object> row : t.rows()) {
        assertTrue(row.get(PinnedTable.CANDIDATE) instanceof String s && !s.isBlank(), name + ": row without candidate " + row);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("rerunnable")
  @EnabledIfSystemProperty(named = "embedlab.slow", matches = "true",
      disabledReason = "re-running a pinned bake-off takes 5-25 min; run with -Dembedlab.slow=true")
  void pinnedTableReproduces(String name, @TempDir Path dir) throws IOException {
    PinnedTable t = PinnedTables.load(name);
    Path shared = Path.of(System.getProperty("embedlab.shared", "../../shared"));
    Assumptions.assumeTrue(Files.isDirectory(shared.resolve("data")), shared.toAbsolutePath() + "/data absent (set -Dembedlab.shared); skipping");
    List<String> args = new ArrayList<>();
    for (String a : t.reproduceArgs()) {
      args.add(a.replace("${shared}", shared.toAbsolutePath().normalize().toString()));
    }
    args.addAll(List.of("--out", dir.toString()));
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
    int code = Embedlab.run(args.toArray(String[]::new), out, out);
    String text = log.toString(StandardCharsets.UTF_8);
    System.out.print(text);
    assertEquals(0, code, name + ": embedlab " + args + " failed:\n" + text);
    Path json;
    try (Stream<Path> s = Files.walk(dir)) {
      json = s.filter(p -> p.getFileName().toString().equals("bakeoff.json")).findFirst()
          .orElseThrow(() -> new AssertionError(name + ": no bakeoff.json under " + dir));
    }
    List<String> failures = mismatches(t, new ObjectMapper().readTree(json.toFile()));
    assertTrue(failures.isEmpty(), name + " did not reproduce (tolerance " + t.tolerance() + "):\n" + String.join("\n", failures));
  }

  /**
   * What differs between a pinned table and a bake-off report ({@code bakeoff.json}): each row's
   * {@code candidate} must be in the report, and each of its metric cells within the table's tolerance
   * of the report's value rounded to the column's precision (the report names measures as
   * {@code nDCG@10}, the table as trec_eval's {@code ndcg_cut.10}).
   */
  static List<String> mismatches(PinnedTable t, JsonNode report) {
    Map<String, JsonNode> metrics = new LinkedHashMap<>();
    for (JsonNode c : report.path("candidates")) {
      metrics.put(c.path("name").asText(), c.path("metrics"));
    }
    List<String> failures = new ArrayList<>();
    int compared = 0;
    for (Map<String, Object> row : t.rows()) {
      String candidate = (String) row.get(PinnedTable.CANDIDATE);
      JsonNode m = metrics.get(candidate);
      if (m == null) {
        failures.add("no candidate '" + candidate + "' in the run; it has " + metrics.keySet());
        continue;
      }
      for (PinnedTable.Column c : t.columns()) {
        if (!c.metric() || row.get(c.key()) == null) {
          continue;
        }
        double pinned = (Double) row.get(c.key());
        JsonNode v = m.has(c.key()) ? m.get(c.key()) : m.get(Measure.parse(c.key().replace('.', '_')).label());
        double scale = Math.pow(10, c.decimals());
        double measured = v == null ? Double.NaN : Math.round(v.asDouble() * scale) / scale;
        compared++;
        if (!(Math.abs(measured - pinned) <= t.tolerance() + 1e-9)) {
          failures.add(candidate + " " + c.key() + ": pinned " + pinned + ", measured " + (v == null ? "nothing" : v.asDouble()));
        }
      }
    }
    if (compared == 0 && failures.isEmpty()) {
      failures.add("no metric cell compared");
    }
    return failures;
  }

  @Test
  void comparisonWithAReportFindsAMovedMetricAndAMissingCandidate() throws IOException {
    PinnedTable t = PinnedTables.load(rerunnable().get(0));
    ObjectMapper json = new ObjectMapper();
    ObjectNode report = json.createObjectNode();
    ArrayNode cs = report.putArray("candidates");
    for (Map<String, Object> row : t.rows()) {
      ObjectNode c = cs.addObject();
      c.put("name", (String) row.get(PinnedTable.CANDIDATE));
      ObjectNode m = c.putObject("metrics");
      for (PinnedTable.Column col : t.columns()) {
        if (col.metric() && row.get(col.key()) != null) {
          m.put(Measure.parse(col.key().replace('.', '_')).label(), (Double) row.get(col.key()) + t.tolerance() / 2);
        }
      }
    }
    assertEquals(List.of(), mismatches(t, report), "the pinned values themselves, moved by half the tolerance");
    ObjectNode first = (ObjectNode) cs.get(0).get("metrics");
    String key = first.fieldNames().next();
    first.put(key, first.get(key).asDouble() + 3 * t.tolerance() + 0.01);
    List<String> moved = mismatches(t, report);
    assertEquals(1, moved.size(), moved.toString());
    assertTrue(moved.get(0).startsWith(t.rows().get(0).get(PinnedTable.CANDIDATE) + " "), moved.get(0));
    ((ObjectNode) cs.get(0)).put("name", "renamed");
    assertTrue(mismatches(t, report).get(0).startsWith("no candidate '" + t.rows().get(0).get(PinnedTable.CANDIDATE)),
        mismatches(t, report).toString());
  }
}

package dev.embedlab.eval.regression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RegressionsTest {

  private static final String GOOD = """
      {"name": "x.bm25", "title": "t", "dataset": {"kind": "beir", "path": "data/x", "split": "test"},
       "candidate": "bm25:anserini-flat", "expected": {"ndcg_cut.10": 0.5}, "decimals": 4,
       "source": {"kind": "measured", "reference": "here"}}
      """;

  @Test
  void everyShippedFileParsesAndIsListedOnce() {
    List<Regression> all = Regressions.all();
    assertTrue(all.size() >= 3, "expected the shipped regressions; found " + all.size());
    Set<String> names = new HashSet<>();
    for (Regression r : all) {
      assertTrue(names.add(r.name()), "listed twice: " + r.name());
      assertFalse(r.sourceReference().isBlank(), r.name() + " has no source");
    }
  }

  @Test
  void malformedFilesNameTheFileAndTheField() {
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> Regression.parse("f.json", GOOD.replace("\"title\"", "\"titel\"")));
    assertTrue(unknown.getMessage().startsWith("f.json: unknown field 'titel'"), unknown.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> Regression.parse("f.json", GOOD.replace("\"candidate\": \"bm25:anserini-flat\",", "")));
    assertTrue(missing.getMessage().contains("missing field 'candidate'"), missing.getMessage());
    IllegalArgumentException notNumber = assertThrows(IllegalArgumentException.class,
        () -> Regression.parse("f.json", GOOD.replace("0.5", "\"0.5\"")));
    assertTrue(notNumber.getMessage().contains("expected.ndcg_cut.10 must be a number"), notNumber.getMessage());
    IllegalArgumentException kind = assertThrows(IllegalArgumentException.class,
        () -> Regression.parse("f.json", GOOD.replace("\"beir\"", "\"trec\"")));
    assertTrue(kind.getMessage().contains("dataset.kind must be beir or sts"), kind.getMessage());
    IllegalArgumentException garbage = assertThrows(IllegalArgumentException.class,
        () -> Regression.parse("f.json", GOOD + "}"));
    assertTrue(garbage.getMessage().startsWith("f.json: not valid JSON"), garbage.getMessage());
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> Regressions.load("no.such"));
    assertTrue(none.getMessage().contains("scifact.bm25-flat"), "lists what exists: " + none.getMessage());
  }

  @Test
  void comparisonIsExactAtTheFilesPrecisionUnlessAToleranceIsGiven() {
    Regression exact = Regression.parse("f.json", GOOD);
    assertTrue(Regressions.compare(exact, measured(0.50004)).get(0).ok(), "0.50004 prints as 0.5000");
    assertFalse(Regressions.compare(exact, measured(0.50005)).get(0).ok(), "0.50005 prints as 0.5001");
    assertFalse(Regressions.compare(exact, measured(0.4999)).get(0).ok());
    Regression loose = Regression.parse("f.json", GOOD.replace("\"decimals\": 4", "\"decimals\": 4, \"tolerance\": 0.0002"));
    assertTrue(Regressions.compare(loose, measured(0.5002)).get(0).ok());
    assertFalse(Regressions.compare(loose, measured(0.5003)).get(0).ok());
  }

  @Test
  void indexStatisticsMustBeEqual() {
    Regression r = Regression.parse("f.json", GOOD.replace("\"decimals\": 4", "\"decimals\": 4, \"index_stats\": {\"total_terms\": 10}"));
    List<Regressions.Check> checks = Regressions.compare(r,
        new RegressionRunner.Measured(Map.of("ndcg_cut.10", 0.5), Map.of("total_terms", 11L), 0));
    assertEquals("index.total_terms", checks.get(1).metric());
    assertFalse(checks.get(1).ok());
  }

  private static RegressionRunner.Measured measured(double v) {
    return new RegressionRunner.Measured(Map.of("ndcg_cut.10", v), Map.of(), 0);
  }

  @Test
  void theReadmeTableIsGeneratedFromTheFiles() {
    String table = Regressions.markdownTable(List.of(Regression.parse("f.json", GOOD)));
    assertEquals("""
        | regression | data set | candidate | expected scores | source | tolerance |
        |---|---|---|---|---|---:|
        | `x.bm25` | data/x (test) | t | ndcg_cut.10 0.5000 | measured: here | exact |
        """, table);
  }

  @Test
  void reproduceRunsAnseriniFlatOnSciFactAndSaysOk() {
    String shared = SharedData.require("data/scifact").getParent().getParent().toString();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = ReproduceCommand.run(new String[] {"scifact.bm25-flat", "--shared", shared},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, text + err.toString(StandardCharsets.UTF_8));
    assertTrue(text.contains("OK   scifact.bm25-flat") && text.contains("ndcg_cut.10") && text.contains("index.total_terms"), text);
    assertTrue(text.contains("reproduced 1 of 1"), text);
  }

  @Test
  void usageMistakesExitTwo() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertEquals(2, ReproduceCommand.run(new String[] {"--frobnicate"}, o, e));
    assertEquals(2, ReproduceCommand.run(new String[] {"x", "--shared", "/nonexistent"}, o, e));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("no data/ folder under"), err.toString(StandardCharsets.UTF_8));
  }
}

package dev.embedlab.eval.regression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PinnedTablesTest {

  private static final String GOOD = """
      {"name": "x.table", "title": "t",
       "source": {"kind": "measured", "reference": "`cmd a`", "machine": "box", "date": "2026-12-07"},
       "tolerance": 0.001,
       "columns": [{"key": "label", "header": "candidate"},
                   {"key": "ndcg_cut.10", "header": "nDCG@10", "decimals": 4, "metric": true},
                   {"key": "bytes", "header": "bytes/doc", "decimals": 0, "grouping": true},
                   {"key": "ci", "header": "Δ | CI"}],
       "rows": [{"label": "a", "ndcg_cut.10": 0.71105, "bytes": 1929, "ci": "+0.1 [0, 0.2]"},
                {"label": "b", "ndcg_cut.10": null}],
       "checks": [{"row": "a", "column": "ndcg_cut.10", "regression": "scifact.bm25-flat"}]}
      """;

  @Test
  void rendersNumbersAtTheColumnsPrecisionTextAsIsAndAbsentCellsAsADash() {
    PinnedTable t = PinnedTable.parse("f.json", GOOD);
    assertEquals("""
        | candidate | nDCG@10 | bytes/doc | Δ \\| CI |
        |---|---:|---:|---|
        | a | 0.7111 | 1,929 | +0.1 [0, 0.2] |
        | b | – | – | – |

        Measured 2026-12-07 on box: `cmd a`. Pinned in `x.table.json`, quality columns ±0.001.
        """, t.markdown());
    assertEquals(0.71105, (Double) t.row("a").get("ndcg_cut.10"), 0.0);
    assertTrue(t.column("ndcg_cut.10").metric());
    assertEquals("", t.reproduceCommand(), "no reproduce block: pinned from its command alone");
  }

  @Test
  void malformedFilesNameTheFileAndTheField() {
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> PinnedTable.parse("f.json", GOOD.replace("\"title\"", "\"titel\"")));
    assertTrue(unknown.getMessage().startsWith("f.json: unknown field 'titel'"), unknown.getMessage());
    IllegalArgumentException noMachine = assertThrows(IllegalArgumentException.class,
        () -> PinnedTable.parse("f.json", GOOD.replace("\"machine\": \"box\",", "")));
    assertTrue(noMachine.getMessage().contains("missing field 'machine'"), noMachine.getMessage());
    IllegalArgumentException date = assertThrows(IllegalArgumentException.class,
        () -> PinnedTable.parse("f.json", GOOD.replace("2026-12-07", "7 Dec")));
    assertTrue(date.getMessage().contains("source.date must be YYYY-MM-DD; date=7 Dec"), date.getMessage());
    IllegalArgumentException textMetric = assertThrows(IllegalArgumentException.class,
        () -> PinnedTable.parse("f.json", GOOD.replace("0.71105", "\"0.71\"")));
    assertTrue(textMetric.getMessage().contains("row 1, metric column ndcg_cut.10 must hold a number"), textMetric.getMessage());
    IllegalArgumentException stray = assertThrows(IllegalArgumentException.class,
        () -> PinnedTable.parse("f.json", GOOD.replace("\"bytes\": 1929", "\"byte\": 1929")));
    assertTrue(stray.getMessage().contains("row 1 has key 'byte', which is no column"), stray.getMessage());
    IllegalArgumentException check = assertThrows(IllegalArgumentException.class,
        () -> PinnedTable.parse("f.json", GOOD.replace("\"row\": \"a\"", "\"row\": \"z\"")));
    assertTrue(check.getMessage().contains("check names row 'z'"), check.getMessage());
    IllegalArgumentException noCandidate = assertThrows(IllegalArgumentException.class, () -> PinnedTable.parse("f.json",
        GOOD.replace("\"tolerance\"", "\"reproduce\": {\"command\": \"embedlab\", \"args\": []}, \"tolerance\"")));
    assertTrue(noCandidate.getMessage().contains("row 1 needs a 'candidate'"), noCandidate.getMessage());
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> PinnedTable.parse("f.json", GOOD.replace("{\"label\": \"b\"", "{\"label\": \"a\"")));
    assertTrue(twice.getMessage().contains("two rows are called 'a'"), twice.getMessage());
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> PinnedTables.load("no.such"));
    assertTrue(none.getMessage().contains("scifact.compression"), "lists what exists: " + none.getMessage());
  }

  @Test
  void everyShippedTableParsesIsListedOnceAndNamesItsMachineAndCommand() {
    List<PinnedTable> all = PinnedTables.all();
    assertTrue(all.size() >= 4, "expected the shipped pinned tables; found " + all.size());
    Set<String> names = new HashSet<>();
    for (PinnedTable t : all) {
      assertTrue(names.add(t.name()), "listed twice: " + t.name());
      assertTrue(t.markdown().contains(t.machine()) && t.markdown().contains(t.sourceReference()),
          t.name() + ": the README text must name its machine and command");
    }
  }

  @Test
  void cellsTiedToARegressionFileEqualItsExpectedValue() {
    int seen = 0;
    for (PinnedTable t : PinnedTables.all()) {
      for (PinnedTable.Check k : t.checks()) {
        Regression r = Regressions.load(k.regression());
        Double expected = r.expected().get(k.column());
        assertTrue(expected != null, t.name() + ": regression " + r.name() + " pins no " + k.column() + "; it pins " + r.metrics());
        PinnedTable.Column c = t.column(k.column());
        double scale = Math.pow(10, c.decimals());
        double cell = (Double) t.row(k.row()).get(k.column());
        double slack = Math.max(r.tolerance(), t.tolerance()) + 0.5 / scale + 1e-12;
        assertTrue(Math.abs(cell - expected) <= slack, t.name() + " row '" + k.row() + "' " + k.column() + " = " + cell
            + " but regression " + r.name() + " pins " + expected + " (allowed difference " + slack + ")");
        seen++;
      }
    }
    assertTrue(seen >= 2, "expected pinned cells tied to regression files; found " + seen);
  }

  @Test
  void updateReplacesEveryGeneratedBlockAndRefusesAMissingMarker() {
    Map<String, String> blocks = PinnedTables.readmeBlocks();
    StringBuilder stale = new StringBuilder("# t\n");
    for (String begin : blocks.keySet()) {
      String block = blocks.get(begin);
      stale.append("text\n").append(begin).append("\nold\n").append(block.substring(block.lastIndexOf("<!--"))).append('\n');
    }
    String updated = PinnedTables.update(stale.toString());
    for (String block : blocks.values()) {
      assertTrue(updated.contains(block), "missing after update:\n" + block);
    }
    assertFalse(updated.contains("\nold\n"));
    assertEquals(updated, PinnedTables.update(updated), "update is idempotent");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PinnedTables.update("# no markers\n"));
    assertTrue(e.getMessage().contains("README has no <!-- regressions:begin -->"), e.getMessage());
  }
}

package dev.embedlab.eval.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embedlab.testing.SharedData;
import dev.embedlab.data.Qrels;
import dev.embedlab.data.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our ranking metrics against the shared oracles: full-precision values (1e-9) and trec_eval 10.0's
 * printed output (5e-5, its 4-decimal rounding), per query and mean, with {@code -c} averaging.
 */
class TrecEvalOracleTest {
  static final double EXACT = 1e-9;
  /**
   * Half a unit of trec_eval's 4th printed decimal, plus 1e-12 because a value exactly half-way
   * (e.g. AP = 0.03125, printed "0.0312" by glibc's round-half-even) differs by 5e-5 plus the
   * binary representation error of the decimal "0.0312".
   */
  static final double PRINTED = 5e-5 + 1e-12;

  static Measure fromExpectedName(String name) {
    if (name.equals("MAP")) {
      return Measure.map();
    }
    int at = name.indexOf('@');
    int k = Integer.parseInt(name.substring(at + 1));
    return switch (name.substring(0, at)) {
      case "MRR" -> Measure.mrr(k);
      case "P" -> Measure.precision(k);
      case "nDCG" -> Measure.ndcg(k);
      case "recall" -> Measure.recall(k);
      default -> throw new IllegalArgumentException(name);
    };
  }

  /** trec_eval measure names we implement; others (bpref, iprec…) are skipped. */
  static Measure fromTrecEvalName(String name) {
    if (name.equals("map")) {
      return Measure.map();
    }
    if (name.equals("Rprec")) {
      return Measure.rPrecision();
    }
    if (name.equals("recip_rank")) {
      return Measure.mrr();
    }
    if (name.equals("ndcg")) {
      return Measure.ndcg();
    }
    for (String p : new String[] {"ndcg_cut_", "recall_", "P_", "map_cut_", "success_"}) {
      if (name.startsWith(p)) {
        int k = Integer.parseInt(name.substring(p.length()));
        return switch (p) {
          case "ndcg_cut_" -> Measure.ndcg(k);
          case "recall_" -> Measure.recall(k);
          case "P_" -> Measure.precision(k);
          case "map_cut_" -> Measure.map(k);
          default -> Measure.hitRate(k);
        };
      }
    }
    return null;
  }

  /** How trec_eval prints: C printf("%.4f") rounds the exact binary value half-to-even. */
  static String printed(double v) {
    return new java.math.BigDecimal(v).setScale(4, java.math.RoundingMode.HALF_EVEN).toPlainString();
  }

  /** measure → (qid or "all") → printed value, from {@code trec_eval -q} output. */
  static Map<Measure, Map<String, String>> readTrecEvalText(Path file, Measure recipRankAs) throws IOException {
    Map<Measure, Map<String, String>> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      String[] f = line.split("\t");
      String name = f[0].strip();
      Measure m = name.equals("recip_rank") && recipRankAs != null ? recipRankAs : fromTrecEvalName(name);
      if (m != null) {
        out.computeIfAbsent(m, x -> new LinkedHashMap<>()).put(f[1].strip(), f[2].strip());
      }
    }
    return out;
  }

  /** Stronger than 5e-5: every printed value is reproduced digit for digit. */
  @ParameterizedTest
  @ValueSource(strings = {"ties", "fine"})
  void reproducesTrecEvalPrintedDigits(String which) throws IOException {
    Path dir = SharedData.require("oracles");
    Qrels qrels = Qrels.readTrec(dir.resolve("scifact-test.qrels"));
    Run run = Run.readTrec(dir.resolve("scifact-run-" + which + ".trec"));
    Map<Measure, Map<String, String>> te = readTrecEvalText(dir.resolve("scifact-run-" + which + ".trec_eval.txt"), null);
    te.putAll(readTrecEvalText(dir.resolve("scifact-run-" + which + ".mrr10.trec_eval.txt"), Measure.mrr(10)));
    EvaluationResult r = RankingEvaluator.of(new ArrayList<>(te.keySet())).evaluate(qrels, run);
    int n = 0;
    for (Map.Entry<Measure, Map<String, String>> e : te.entrySet()) {
      for (Map.Entry<String, String> v : e.getValue().entrySet()) {
        double ours = v.getKey().equals("all") ? r.mean(e.getKey()) : r.value(e.getKey(), v.getKey());
        assertEquals(v.getValue(), printed(ours), which + " " + e.getKey() + " q=" + v.getKey() + " ours=" + ours);
        n++;
      }
    }
    System.out.printf("oracle scifact-run-%s trec_eval: %d printed values reproduced digit for digit%n", which, n);
  }

  /** Our trec_eval-format text: every line appears verbatim in trec_eval's own output. */
  @org.junit.jupiter.api.Test
  void trecEvalFormatLinesAreVerbatim() throws IOException {
    Path dir = SharedData.require("oracles");
    Qrels qrels = Qrels.readTrec(dir.resolve("scifact-test.qrels"));
    Run run = Run.readTrec(dir.resolve("scifact-run-fine.trec"));
    Set<String> theirs = new java.util.HashSet<>(Files.readAllLines(dir.resolve("scifact-run-fine.trec_eval.txt")));
    String ours = RankingEvaluator.of(Measure.ndcg(10), Measure.recall(100), Measure.precision(5), Measure.map(),
        Measure.map(1000), Measure.rPrecision(), Measure.mrr(), Measure.hitRate(5), Measure.ndcg()).evaluate(qrels, run).toTrecEvalFormat();
    String[] lines = ours.split("\n");
    assertEquals(9 * 301, lines.length);
    for (String l : lines) {
      assertTrue(theirs.contains(l), "not in trec_eval output: '" + l + "'");
    }
  }

  /** The ties oracle can tell orders apart: the file's rank column order gives other numbers. */
  @org.junit.jupiter.api.Test
  void tieOrderMattersOnTheTiesRun() throws IOException {
    Path dir = SharedData.require("oracles");
    Qrels qrels = Qrels.readTrec(dir.resolve("scifact-test.qrels"));
    Map<String, List<String>> fileOrder = new LinkedHashMap<>();
    for (String line : Files.readAllLines(dir.resolve("scifact-run-ties.trec"))) {
      String[] f = line.split(" ");
      fileOrder.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f[2]);
    }
    double sum = 0;
    for (String q : qrels.queryIds()) {
      List<String> docs = fileOrder.getOrDefault(q, List.of());
      int[] rels = new int[docs.size()];
      for (int i = 0; i < rels.length; i++) {
        rels[i] = qrels.relevance(q, docs.get(i));
      }
      int[] judged = qrels.judged(q).values().stream().mapToInt(Integer::intValue).toArray();
      sum += RankingContext.ofRelevances(rels, judged).value(Measure.ndcg(10));
    }
    double rankColumnOrder = sum / qrels.queryIds().size();
    JsonNode exp = new ObjectMapper().readTree(dir.resolve("scifact-run-ties.expected.json").toFile());
    double oracle = exp.get("mean").get("nDCG@10").asDouble();
    assertTrue(Math.abs(rankColumnOrder - oracle) > 1e-3,
        "rank-column order " + rankColumnOrder + " vs trec_eval order " + oracle);
  }

  /** measure → (qid or "all") → value, from {@code trec_eval -q} output. */
  static Map<Measure, Map<String, Double>> readTrecEval(Path file, Measure recipRankAs) throws IOException {
    Map<Measure, Map<String, Double>> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      String[] f = line.split("\t");
      String name = f[0].strip();
      Measure m = name.equals("recip_rank") && recipRankAs != null ? recipRankAs : fromTrecEvalName(name);
      if (m == null) {
        continue;
      }
      out.computeIfAbsent(m, x -> new LinkedHashMap<>()).put(f[1].strip(), Double.parseDouble(f[2].strip()));
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"ties", "fine"})
  void equalsFullPrecisionOracle(String which) throws IOException {
    Path dir = SharedData.require("oracles");
    Qrels qrels = Qrels.readTrec(dir.resolve("scifact-test.qrels"));
    Run run = Run.readTrec(dir.resolve("scifact-run-" + which + ".trec"));
    JsonNode exp = new ObjectMapper().readTree(dir.resolve("scifact-run-" + which + ".expected.json").toFile());
    List<Measure> measures = new ArrayList<>();
    for (Iterator<String> it = exp.get("mean").fieldNames(); it.hasNext(); ) {
      measures.add(fromExpectedName(it.next()));
    }
    EvaluationResult r = RankingEvaluator.of(measures).evaluate(qrels, run, Averaging.ALL_QRELS_QUERIES);
    assertEquals(exp.get("num_q").asInt(), r.numQueries());
    int checked = 0;
    double maxErr = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = exp.get("per_query").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> q = it.next();
      for (Iterator<Map.Entry<String, JsonNode>> jt = q.getValue().fields(); jt.hasNext(); ) {
        Map.Entry<String, JsonNode> v = jt.next();
        double ours = r.value(fromExpectedName(v.getKey()), q.getKey());
        maxErr = Math.max(maxErr, Math.abs(ours - v.getValue().asDouble()));
        assertEquals(v.getValue().asDouble(), ours, EXACT, which + " q=" + q.getKey() + " " + v.getKey());
        checked++;
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = exp.get("mean").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> v = it.next();
      double ours = r.mean(fromExpectedName(v.getKey()));
      maxErr = Math.max(maxErr, Math.abs(ours - v.getValue().asDouble()));
      assertEquals(v.getValue().asDouble(), ours, EXACT, which + " mean " + v.getKey());
      checked++;
    }
    System.out.printf("oracle scifact-run-%s.expected.json: %d values, max abs error %.3e%n", which, checked, maxErr);
    assertEquals(300 * 21 + 21, checked);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ties", "fine"})
  void equalsTrecEvalPrintedValues(String which) throws IOException {
    Path dir = SharedData.require("oracles");
    Qrels qrels = Qrels.readTrec(dir.resolve("scifact-test.qrels"));
    Run run = Run.readTrec(dir.resolve("scifact-run-" + which + ".trec"));
    Map<Measure, Map<String, Double>> te = readTrecEval(dir.resolve("scifact-run-" + which + ".trec_eval.txt"), null);
    te.putAll(readTrecEval(dir.resolve("scifact-run-" + which + ".mrr10.trec_eval.txt"), Measure.mrr(10)));
    EvaluationResult r = RankingEvaluator.of(new ArrayList<>(te.keySet())).evaluate(qrels, run);
    Set<String> missing = new LinkedHashSet<>(qrels.queryIds());
    missing.removeAll(run.queryIds());
    int checked = 0;
    int checkedMissing = 0;
    double maxErr = 0;
    for (Map.Entry<Measure, Map<String, Double>> e : te.entrySet()) {
      assertEquals(301, e.getValue().size(), e.getKey() + ": 300 queries + all");
      for (Map.Entry<String, Double> v : e.getValue().entrySet()) {
        double ours = v.getKey().equals("all") ? r.mean(e.getKey()) : r.value(e.getKey(), v.getKey());
        maxErr = Math.max(maxErr, Math.abs(ours - v.getValue()));
        assertEquals(v.getValue(), ours, PRINTED, which + " " + e.getKey() + " q=" + v.getKey());
        checked++;
        if (missing.contains(v.getKey())) {
          assertEquals(0.0, ours);
          checkedMissing++;
        }
      }
    }
    System.out.printf("oracle scifact-run-%s.trec_eval.txt + .mrr10: %d values (%d measures), max abs error %.3e%n",
        which, checked, te.size(), maxErr);
    assertTrue(te.size() >= 40, "measures compared: " + te.keySet());
    assertEquals(which.equals("fine") ? 7 : 0, missing.size());
    assertEquals(missing.size() * te.size(), checkedMissing);
  }
}

package dev.embedlab.eval.regression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MTEB result format. The fixture {@code mteb/sentence-transformers__all-MiniLM-L6-v2.STSBenchmark.json}
 * is {@code results/sentence-transformers__all-MiniLM-L6-v2/8b3219a92973c328a8e22fadcfa821b5dc75636a/STSBenchmark.json}
 * of {@code embeddings-benchmark/results} (commit 87b30e9, MTEB 1.12.75), unchanged.
 */
class MtebResultWriterTest {

  private static String fixture() throws IOException {
    try (InputStream in = MtebResultWriterTest.class.getResourceAsStream(
        "mteb/sentence-transformers__all-MiniLM-L6-v2.STSBenchmark.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theResultsRepositoryFileReadsAsCosineSpearmanMainScore() throws IOException {
    MtebResult published = MtebResult.parse("fixture", fixture(), "test", "default");
    assertEquals("STSBenchmark", published.taskName());
    assertEquals("cosine_spearman", published.mainMetric());
    assertEquals(0.8203247283076371, published.mainScore(), 0.0);
    assertEquals(0.8274064239694425, published.scores().get("cosine_pearson"), 0.0);
    assertEquals(List.of("eng-Latn"), published.languages());
    assertTrue(!published.scores().containsKey("pearson"), "1.12's list-valued pearson is skipped: " + published.scores());
    IllegalArgumentException noSplit = assertThrows(IllegalArgumentException.class,
        () -> MtebResult.parse("fixture", fixture(), "dev", "default"));
    assertTrue(noSplit.getMessage().contains("no split 'dev'") && noSplit.getMessage().contains("[test]"), noSplit.getMessage());
  }

  @Test
  void aRegressionRunWritesTheResultsRepositorysShapeAndReadsBack(@TempDir Path dir) throws IOException {
    Regression sts = Regressions.load("stsbenchmark.all-minilm-l6-v2");
    RegressionRunner.Measured m = new RegressionRunner.Measured(
        Map.of("cosine_spearman", 0.8203251, "cosine_pearson", 0.8274061), Map.of(), 12.5);
    Path file = MtebResultWriter.write(dir, sts.candidate(), MtebResultWriter.fromRegression(sts, m));
    assertEquals(dir.resolve("embedder__all-minilm-l6-v2/no_revision_available/STSBenchmark.json"), file);
    String ours = Files.readString(file, StandardCharsets.UTF_8);

    MtebResult back = MtebResult.parse(file.toString(), ours, "test", "default");
    MtebResult published = MtebResult.parse("fixture", fixture(), "test", "default");
    assertEquals(published.taskName(), back.taskName());
    assertEquals(published.mainMetric(), back.mainMetric());
    assertEquals(0.8203251, back.mainScore(), 0.0);
    assertEquals(published.mainScore(), back.mainScore(), sts.tolerance());
    assertEquals(12.5, back.evaluationSeconds(), 0.0);
    assertNull(back.datasetRevision(), "the local copy is not MTEB's HuggingFace revision");

    // Same keys, in the same (sorted) order, as the results repository's file, less the scores we do not compute.
    ObjectMapper json = new ObjectMapper();
    JsonNode a = json.readTree(ours);
    JsonNode b = json.readTree(fixture());
    assertEquals(names(b), names(a));
    assertEquals("embedlab", a.get("mteb_version").asText());
    List<String> publishedEntry = names(b.get("scores").get("test").get(0));
    publishedEntry.retainAll(names(a.get("scores").get("test").get(0)));
    assertEquals(List.of("cosine_pearson", "cosine_spearman", "hf_subset", "languages", "main_score"), publishedEntry);
    assertEquals(names(a.get("scores").get("test").get(0)), publishedEntry);
    assertTrue(ours.startsWith("{\n  \"dataset_revision\": null,\n  \"evaluation_time\": 12.5,\n"), ours);
    assertTrue(ours.contains("\"languages\": [\n          \"eng-Latn\"\n        ],"), "Python's indent=2 layout: " + ours);
  }

  @Test
  void retrievalMeasuresTakeMtebsNamesAndNdcgIsTheMainScore() {
    Regression bm25 = Regressions.load("scifact.bm25-flat");
    RegressionRunner.Measured m = new RegressionRunner.Measured(
        Map.of("ndcg_cut.10", 0.6789, "recall.100", 0.9253, "recall.1000", 0.9767), Map.of(), 3);
    MtebResult r = MtebResultWriter.fromRegression(bm25, m);
    assertEquals("SciFact", r.taskName());
    assertEquals("ndcg_at_10", r.mainMetric());
    assertEquals(List.of("ndcg_at_10", "recall_at_100", "recall_at_1000"), new ArrayList<>(r.scores().keySet()));
    assertEquals("precision_at_5", MtebResultWriter.mtebName(bm25, "P.5"));
    assertEquals("map_at_10", MtebResultWriter.mtebName(bm25, "map_cut.10"));
    assertEquals("mrr_at_1000", MtebResultWriter.mtebName(bm25, "recip_rank"));
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> MtebResultWriter.mtebName(bm25, "bpref"));
    assertTrue(bad.getMessage().startsWith("scifact.bm25-flat: no MTEB name for measure 'bpref'"), bad.getMessage());
    MtebResult read = MtebResult.parse("ours", MtebResultWriter.toJson(r), "test", "default");
    assertEquals("ndcg_at_10", read.mainMetric());
    assertEquals(0.6789, read.mainScore(), 0.0);
  }

  private static List<String> names(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }
}

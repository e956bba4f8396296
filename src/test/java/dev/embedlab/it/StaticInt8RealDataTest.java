package dev.embedlab.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.data.PairDataset;
import dev.embedlab.data.PairDatasets;
import dev.embedlab.eval.metrics.PairEvaluation;
import dev.embedlab.models.KnownModel;
import dev.embedlab.models.OnnxEmbedder;
import dev.embedlab.models.StaticInt8;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Static int8 all-MiniLM-L6-v2, calibrated on 1,000 STS Benchmark <em>train</em> sentences, keeps the
 * dynamic-int8 model's STS Benchmark test score (0.8198 Spearman, run one text per call; pinned in
 * {@code stsbenchmark.all-minilm-l6-v2-q}) within 0.002 while batching, with each text's vector the
 * same alone and batched.
 */
class StaticInt8RealDataTest {
  private static final double DYNAMIC_SPEARMAN = 0.8198;

  @Test
  void calibratedOnTrainKeepsTheTestScoreAndBatches(@TempDir Path tmp) throws Exception {
    Path sts = Path.of(System.getProperty("embedlab.shared", "../../shared")).resolve("data/stsbenchmark");
    Assumptions.assumeTrue(Files.isRegularFile(sts.resolve("sts-train.csv")), sts.toAbsolutePath()
        + "/sts-train.csv absent (set -Dembedlab.shared); skipping");
    PairDataset train = PairDatasets.stsBenchmark(sts.resolve("sts-train.csv"));
    PairDataset test = PairDatasets.stsBenchmark(sts.resolve("sts-test.csv"));
    LinkedHashSet<String> calibration = new LinkedHashSet<>();
    for (int i = 0; i < train.size() && calibration.size() < 1000; i++) {
      calibration.add(train.textsA().get(i));
      calibration.add(train.textsB().get(i));
    }
    StaticInt8.Result r = StaticInt8.quantize(KnownModel.ALL_MINILM_L6_V2_Q, new ArrayList<>(calibration), tmp);
    try (OnnxEmbedder e = StaticInt8.builder(KnownModel.ALL_MINILM_L6_V2_Q, r).build()) {
      float[][] a = e.embed(test.textsA());
      float[][] b = e.embed(test.textsB());
      double[] cos = new double[a.length];
      for (int i = 0; i < a.length; i++) {
        for (int j = 0; j < a[i].length; j++) {
          cos[i] += a[i][j] * b[i][j];
        }
      }
      double spearman = PairEvaluation.of(cos, test).spearman();
      assertTrue(spearman >= DYNAMIC_SPEARMAN - 0.002, "static int8 STSB test Spearman " + spearman
          + " against dynamic int8 " + DYNAMIC_SPEARMAN);
      List<String> probe = test.textsA().subList(0, 32);
      for (int i = 0; i < probe.size(); i++) {
        assertArrayEquals(e.embed(List.of(probe.get(i)))[0], a[i], 0f, "alone vs batched: " + probe.get(i));
      }
      System.out.printf("static int8 (1,000 STSB train sentences): STSB test Spearman %.4f (dynamic, one text"
          + " per call: %.4f)%n", spearman, DYNAMIC_SPEARMAN);
    }
  }
}

package dev.embedlab.staticemb;

import dev.embedlab.data.PairDataset;
import dev.embedlab.data.PairDatasets;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.staticemb.ko.KoExperimentAccess;
import dev.embedlab.staticemb.ko.KoStatic;
import dev.embedlab.eval.metrics.PairMetrics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** By hand ({@code -Dko.experiment=true}): variants of common-direction removal on KorSTS dev only. */
class CommonDirectionsKoExperimentTest {
  @Test
  void variants() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("ko.experiment"), "experiments only with -Dko.experiment=true; skipping");
    Path data = Path.of(System.getProperty("embedlab.shared", "../../shared")).resolve("data");
    LinkedHashSet<String> texts = new LinkedHashSet<>();
    for (TrainingPair tp : KoExperimentAccess.trainingPairs(data)) {
      texts.add(tp.anchor());
      texts.add(tp.positive());
    }
    List<String> corpus = new ArrayList<>(texts);
    PairDataset stsDev = PairDatasets.korSts(data.resolve("korsts/sts-dev.tsv"));
    try (StaticEmbedder e = KoStatic.open(2)) {
      StaticModel m = e.model();
      for (boolean normalised : new boolean[] {true, false}) {
        for (boolean centred : new boolean[] {true, false}) {
          for (int k : new int[] {1, 3, 5, 8}) {
            StaticModel r = CommonDirections.remove(m, corpus, k, 2, normalised, centred);
            try (StaticEmbedder x = new StaticEmbedder(r, "x")) {
              float[][] a = x.embed(stsDev.textsA());
              float[][] b = x.embed(stsDev.textsB());
              double[] cos = new double[a.length];
              for (int i = 0; i < a.length; i++) {
                cos[i] = VectorUtil.cosine(a[i], b[i]);
              }
              System.out.printf("normalised=%s centred=%s k=%d: KorSTS dev %.4f%n", normalised, centred, k,
                  PairMetrics.spearman(stsDev.scores(), cos));
            }
          }
        }
      }
    }
  }
}

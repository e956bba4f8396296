package dev.embedlab.staticemb;

import dev.embedlab.eval.data.BeirDatasets;
import dev.embedlab.eval.data.PairDataset;
import dev.embedlab.eval.data.PairDatasets;
import dev.embedlab.eval.data.RetrievalDataset;
import dev.embedlab.models.KnownModel;
import dev.embedlab.models.OnnxEmbedder;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Manual grid over distillation settings (-Dembedlab.static.experiments=true); prints, asserts nothing. */
class DistillExperiments {
  @Test
  void grid() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("embedlab.static.experiments"), "manual experiments; skipping");
    PairDataset dev = PairDatasets.stsBenchmark(Quality.shared("data/stsbenchmark/sts-dev.csv"));
    PairDataset test = PairDatasets.stsBenchmark(Quality.shared("data/stsbenchmark/sts-test.csv"));
    RetrievalDataset scifact = BeirDatasets.load(Quality.shared("data/scifact"), "test");
    byte[] tok = TestTokenizers.miniLm();
    for (boolean norm : new boolean[] {false}) {
      try (OnnxEmbedder teacher = OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2).normalize(norm).intraOpThreads(2).build()) {
        Path cache = Path.of("/tmp/h8-minilm-rows-" + norm + ".bin");
        float[] rows;
        Distiller base = Distiller.builder(teacher, tok).build();
        if (Files.exists(cache)) {
          try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(cache)))) {
            rows = new float[in.readInt()];
            for (int i = 0; i < rows.length; i++) {
              rows[i] = in.readFloat();
            }
          }
        } else {
          rows = base.embedVocabulary();
          try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(cache)))) {
            out.writeInt(rows.length);
            for (float f : rows) {
              out.writeFloat(f);
            }
          }
        }
        java.util.List<String> corpus = new java.util.ArrayList<>();
        PairDataset train = PairDatasets.stsBenchmark(Quality.shared("data/stsbenchmark/sts-train.csv"));
        corpus.addAll(train.textsA());
        corpus.addAll(train.textsB());
        scifact.corpus().forEach(d -> corpus.add(d.titleAndText()));
        long[] counts = Distiller.countTokens(tok, corpus);
        for (int dims : new int[] {256}) {
          for (Object[] cfg : new Object[][] {{1e-6, null}, {3e-6, null}, {1e-3, counts}, {1e-4, counts}, {1e-5, counts}}) {
            Double sif = (Double) cfg[0];
            StaticModel m = Distiller.builder(teacher, tok).pcaDims(dims).sifCoefficient(sif).tokenCounts((long[]) cfg[1]).build().fromTeacherRows(rows);
            try (StaticEmbedder e = new StaticEmbedder(m, "x")) {
              double sd = Quality.spearman(e, dev);
              double st = Quality.spearman(e, test);
              double sf = dims == 256 ? Quality.ndcg10(e, scifact) : Double.NaN;
              System.out.printf("teacherNorm=%s dims=%d counts=%s sif=%s  STSdev %.4f STStest %.4f SciFact %.4f%n", norm, dims, cfg[1] != null, sif, sd, st, sf);
            }
          }
        }
      }
    }
  }
}

package dev.embedlab.staticemb.ko;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.staticemb.StaticTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Recipe experiments (run by hand with {@code -Dko.experiment=true} and {@code -Dko.lr=...} etc., see
 * {@link KoStaticRecipe.Params#withOverrides}): trains and prints the per-epoch KorSTS <b>dev</b> score
 * only, the set recipe choices are made on, and, when the pairs are not trained on, nDCG@10 on the even
 * KorQuAD articles (otherwise training pairs). Evaluation sets are not looked at here.
 */
class KoStaticExperimentTest {
  @Test
  void trainsARecipeVariantAndPrintsItsDevScore() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("ko.experiment"), "experiments only with -Dko.experiment=true; skipping");
    Path data = Path.of(System.getProperty("embedlab.shared", "../../shared")).resolve("data");
    Assumptions.assumeTrue(Files.isDirectory(data.resolve("korsts")), data + " absent; skipping");
    if (Boolean.getBoolean("ko.baseline")) {
      try (var e = KoStatic.open()) {
        System.out.printf("BASELINE shipped ko-static: KorSTS dev %.4f, KorQuAD even (training) articles nDCG@10 %.4f%n",
            KoStaticRecipe.spearman(e, dev.embedlab.data.PairDatasets.korSts(data.resolve("korsts/sts-dev.tsv"))),
            KoStaticRecipe.ndcg10(e, KoStaticRecipe.korquad(data, 0).heldOut()));
      }
      return;
    }
    KoStaticRecipe.Params p = KoStaticRecipe.SHIPPED.withOverrides();
    long t0 = System.nanoTime();
    StaticTrainer.Result r = KoStaticRecipe.build(data, p);
    System.out.printf("EXPERIMENT %s: %.1f s, best epoch %d, KorSTS dev %.4f, history %s%n", p,
        (System.nanoTime() - t0) / 1e9, r.bestEpoch(), r.bestHeldOut(),
        r.history().stream().map(h -> String.format("%d:%.4f", h.epoch(), h.heldOut())).toList());
    assertTrue(r.bestHeldOut() > 0, "dev Spearman " + r.bestHeldOut());
    var finished = KoStaticRecipe.withoutCommonDirections(r.model(), data, p);
    try (var e = new dev.embedlab.staticemb.StaticEmbedder(finished, "experiment")) {
      System.out.printf("EXPERIMENT after removing %d common directions: KorSTS dev %.4f%n", p.commonDirections(),
          KoStaticRecipe.spearman(e, dev.embedlab.data.PairDatasets.korSts(data.resolve("korsts/sts-dev.tsv"))));
      if (!p.pairs()) {
        // Without the pairs the even KorQuAD articles are not trained on: a retrieval check for choices.
        System.out.printf("EXPERIMENT KorQuAD even (training) articles nDCG@10 %.4f%n",
            KoStaticRecipe.ndcg10(e, KoStaticRecipe.korquad(data, 0).heldOut()));
      }
    }
  }
}

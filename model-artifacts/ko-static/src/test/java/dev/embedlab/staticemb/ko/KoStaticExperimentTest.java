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
 * only, the set recipe choices are made on. Evaluation sets are not looked at here.
 */
class KoStaticExperimentTest {
  @Test
  void trainsARecipeVariantAndPrintsItsDevScore() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("ko.experiment"), "experiments only with -Dko.experiment=true; skipping");
    Path data = Path.of(System.getProperty("embedlab.shared", "../../shared")).resolve("data");
    Assumptions.assumeTrue(Files.isDirectory(data.resolve("korsts")), data + " absent; skipping");
    KoStaticRecipe.Params p = KoStaticRecipe.SHIPPED.withOverrides();
    long t0 = System.nanoTime();
    StaticTrainer.Result r = KoStaticRecipe.build(data, p);
    System.out.printf("EXPERIMENT %s: %.1f s, best epoch %d, KorSTS dev %.4f, history %s%n", p,
        (System.nanoTime() - t0) / 1e9, r.bestEpoch(), r.bestHeldOut(),
        r.history().stream().map(h -> String.format("%d:%.4f", h.epoch(), h.heldOut())).toList());
    assertTrue(r.bestHeldOut() > 0, "dev Spearman " + r.bestHeldOut());
  }
}

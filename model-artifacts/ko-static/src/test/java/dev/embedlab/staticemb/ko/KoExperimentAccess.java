package dev.embedlab.staticemb.ko;

import dev.embedlab.staticemb.TrainingPair;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The recipe's training pairs for experiments in other packages. */
public final class KoExperimentAccess {
  private KoExperimentAccess() {}

  public static List<TrainingPair> trainingPairs(Path data) throws IOException {
    return KoStaticRecipe.trainingPairs(data);
  }
}

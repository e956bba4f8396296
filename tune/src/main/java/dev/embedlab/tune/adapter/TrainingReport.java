package dev.embedlab.tune.adapter;

import java.util.List;

/**
 * What happened during {@link AdapterTrainer#train}.
 *
 * @param trainExamples examples trained on
 * @param validationExamples examples held out for early stopping (0: no early stopping)
 * @param trainLoss mean training loss of each epoch (index 0 = epoch 1)
 * @param validationLoss validation loss before training (index 0) and after each epoch (index e);
 *     empty without a validation split
 * @param bestEpoch the epoch whose weights were kept (0 = identity was never beaten)
 * @param epochsRun epochs actually run
 * @param stoppedEarly whether patience ran out before the epoch limit
 * @param steps optimiser steps taken
 * @param millis wall-clock training time in milliseconds (validation included)
 */
public record TrainingReport(int trainExamples, int validationExamples, List<Double> trainLoss,
    List<Double> validationLoss, int bestEpoch, int epochsRun, boolean stoppedEarly, long steps, long millis) {
  public TrainingReport {
    trainLoss = List.copyOf(trainLoss);
    validationLoss = List.copyOf(validationLoss);
    if (bestEpoch < 0 || bestEpoch > epochsRun) {
      throw new IllegalArgumentException("bestEpoch must be in [0, epochsRun]; bestEpoch=" + bestEpoch
          + ", epochsRun=" + epochsRun);
    }
  }
}

package io.streetdigits.trainer.training;

import java.util.List;

/**
 * A finished run: the model (a network restored to its best validation epoch), and how it got there.
 *
 * @param model        the trained model (a network at its best epoch, or kNN's exemplars)
 * @param validation   the best epoch's validation
 * @param bestEpoch    1-based epoch the network's weights come from
 * @param epochs       every epoch's report
 * @param trainImages  images trained on (real plus synthetic)
 * @param valImages    images validated on
 * @param seconds      wall-clock time of the whole run
 */
public record TrainingOutcome(TrainedModel model, Validation validation, int bestEpoch,
        List<EpochReport> epochs, int trainImages, int valImages, double seconds) {
}

package io.streetdigits.trainer.training;

/**
 * One finished epoch.
 *
 * @param epoch                 1-based
 * @param epochs                epochs in the run
 * @param meanLoss              mean training loss over the epoch's batches
 * @param valAccuracy           whole-string accuracy on the validation images
 * @param valCharacterAccuracy  per-character accuracy on the validation images
 * @param seconds               wall-clock time of the epoch, evaluation included
 * @param imagesPerSecond       training throughput
 */
public record EpochReport(int epoch, int epochs, double meanLoss, double valAccuracy, double valCharacterAccuracy,
        double seconds, double imagesPerSecond) {
}
